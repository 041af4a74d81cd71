"""Penpals settings: one module, every deployment difference is an environment variable.

Development needs nothing set (DEBUG on, SQLite file, local-memory cache, console e-mail).
Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CACHE_URL and EMAIL_URL;
the README's configuration table lists every variable.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from penpals.storage import photo_origin, s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is optional and never required; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key-do-not-deploy")
else:
    SECRET_KEY = env("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "penpals.admin_site.PenpalsAdminConfig",  # django.contrib.admin with an input guard
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "allauth",
    "allauth.account",
    "accounts",
    "facilities",
    "profiles",
    "moderation",
    "letters",
    "outbox",
    "pagecache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files come compressed), before anything that reads the body.
    "penpals.middleware.CompressionMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): the cookie set by the language
    # switcher, else the browser's Accept-Language. Pages say Vary: Accept-Language, Cookie.
    "penpals.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.writer_time_zone",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "penpals.urls"
WSGI_APPLICATION = "penpals.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
            # `when`, the one way pages write a moment.
            "builtins": ["penpals.dates"],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://penpals")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # A Redis outage must cost a request seconds, not a worker for good (see /readyz).
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=2, socket_timeout=2, retry_on_timeout=False
    )
# Several app servers: a session is read from the cache and written through to the database,
# so any server knows who is signed in, and a cache flush signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail is the login and must be verified before the first sign-in.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "add_email": "accounts.forms.AddEmailForm",
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address per writer: the one they sign in with
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Penpals] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Brute force: allauth's own cache-backed limits (sliding windows, so they cool off by themselves).
# A failed sign-in counts against the client's address, against the pair of account and address
# (allauth's "key", see accounts.adapters), and against the account from every address. The
# first two answer with an HTTP 429 page, so a stranger only locks out themselves; past the
# account-wide limit the right password still works but the writer must also enter a code we
# e-mail them. A password reset clears the account's counts.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/10m/ip,5/15m/key",
    "login_failed_account": "20/h/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "confirm_email": "1/3m/key",  # re-sending a verification e-mail
    "change_password": "5/m/user",
    "manage_email": "5/h/user",
    "reauthenticate": "10/10m/user",
}
# The sign-in code sent when an account is under attack: valid 10 minutes, 3 tries.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
# Rate limits live in the cache: CACHE_URL must point at Redis when several processes serve.
# Behind a reverse proxy, say how many proxies append to X-Forwarded-For (never trusted
# otherwise); every rate limit, allauth's included, reads the address through one function,
# `profiles.ratelimit.client_address`.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- E-mail and background work ------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every e-mail, whoever builds it (profiles, accounts, allauth), is queued in the same database
# transaction as the write that causes it; a task delivers it through the backend EMAIL_URL
# names (see outbox/). A mail server outage delays e-mail; it never fails a page or loses one.
OUTBOX_DELIVERY_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Penpals <no-reply@penpals.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds between a failed delivery and the next try; after the last, the e-mail is listed as
# failed in the admin (Outbox), where staff can send it again.
PENPALS_MAIL_RETRY_DELAYS = env.list(
    "PENPALS_MAIL_RETRY_DELAYS", cast=int, default=[60, 300, 1800, 7200, 21600]
)
# Tasks: "database" stores them for workers (`manage.py db_worker`, on any number of machines);
# "immediate" runs each at once in the process that enqueues it (development: no worker needed).
TASKS_BACKEND = env("TASKS_BACKEND", default="immediate" if DEBUG else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
# English and Spanish. Families and writers choose with the switcher in the header and footer
# (a cookie), else the browser's Accept-Language decides. Catalogues in locale/, compiled to .mo
# by `make run` and `make test` (gettext's msgfmt).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A year: a family who chose Spanish keeps it on their next visit.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
# Visitors, e-mails and the cron job use this; a signed-in writer sees their own time zone
# (accounts.middleware.writer_time_zone).
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
# One date format on every page: "November 25, 2026", "3:10 p.m.".
FORMAT_MODULE_PATH = ["penpals.formats"]

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers and crawlers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "root_files"
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Photos go to an S3-compatible bucket when one is named, else to MEDIA_ROOT. Either way pages
# link to them only through links that expire (profiles/photo_urls.py).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="")
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="")
# A separate photo host in front of the bucket (deploy/nginx.conf): presigned links get this host
# instead of the bucket's, and it forwards them unchanged, adding `nosniff`.
PENPALS_PHOTO_HOST = env("AWS_S3_CUSTOM_DOMAIN", default="")
if AWS_STORAGE_BUCKET_NAME:
    PHOTO_STORAGE = s3_storage(
        bucket=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=AWS_S3_ENDPOINT_URL,
        region=AWS_S3_REGION_NAME,
        access_key=env("AWS_ACCESS_KEY_ID", default=""),
        secret_key=env("AWS_SECRET_ACCESS_KEY", default=""),
    )
    PHOTO_ORIGINS = [
        photo_origin(
            bucket=AWS_STORAGE_BUCKET_NAME,
            endpoint_url=AWS_S3_ENDPOINT_URL,
            region=AWS_S3_REGION_NAME,
            photo_host=PENPALS_PHOTO_HOST,
        )
    ]
else:
    PHOTO_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    PHOTO_ORIGINS = []  # served by the site itself
STORAGES = {
    "default": PHOTO_STORAGE,
    # Hashed, compressed names need `collectstatic`, which production runs and development skips.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded photos are re-encoded JPEGs; the hard cap protects memory before the form sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

# Nothing on a page may come from another site: visitors' privacy is part of the product.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *PHOTO_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Penpals --------------------------------------------------------------------------------
# A listing is only as good as its last check: these decide when one goes stale.
PENPALS_LISTING_DURATION_DAYS = env.int("PENPALS_LISTING_DURATION_DAYS", default=365)
PENPALS_VERIFICATION_MAX_AGE_DAYS = env.int("PENPALS_VERIFICATION_MAX_AGE_DAYS", default=180)
PENPALS_RELEASE_GRACE_DAYS = env.int("PENPALS_RELEASE_GRACE_DAYS", default=14)

# Directory and submissions (profiles app).
PENPALS_DIRECTORY_PAGE_SIZE = env.int("PENPALS_DIRECTORY_PAGE_SIZE", default=24)
# Past this many matches the directory says "more than 1,000 people": it counts no further.
PENPALS_DIRECTORY_COUNT_LIMIT = env.int("PENPALS_DIRECTORY_COUNT_LIMIT", default=1000)
# Directory and profile pages are cached whole, for visitors and signed-in writers, at most this
# long (0: off); any change to what they show retires them at once (pagecache). Off in
# development, so that edited templates show on the next reload.
PENPALS_PAGE_CACHE_SECONDS = env.int("PENPALS_PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
PENPALS_PHOTO_MAX_BYTES = env.int("PENPALS_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
PENPALS_PHOTO_MAX_PIXELS = env.int("PENPALS_PHOTO_MAX_PIXELS", default=25_000_000)
# Where people in prison mail their signed consent forms and letters, one line per "|". Without
# it the status page offers no consent form to print (a made-up address would lose the mail).
PENPALS_POSTAL_ADDRESS = env(
    "PENPALS_POSTAL_ADDRESS",
    default="Penpals (development)|Consent forms|100 Example Street|Springfield, IL 62701"
    if DEBUG
    else "",
)
# Submissions per address per window; a person fixing form errors needs a few tries.
PENPALS_SUBMIT_RATE_LIMIT = env.int("PENPALS_SUBMIT_RATE_LIMIT", default=10)
PENPALS_SUBMIT_RATE_WINDOW = env.int("PENPALS_SUBMIT_RATE_WINDOW", default=3600)
# Faster than this is a bot: the submission is dropped without a word.
PENPALS_SUBMIT_MIN_SECONDS = env.int("PENPALS_SUBMIT_MIN_SECONDS", default=4)
