"""Settings come from the environment; each case loads the settings module in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 30 + "-a-real-secret-for-tests-only-0123456789",
    "ALLOWED_HOSTS": "penpals.example.org",
}


IGNORED = ("DATABASE_URL", "CACHE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")


def clean_environ():
    """The test run's environment without the variables these cases set themselves."""
    return {k: v for k, v in os.environ.items() if k not in IGNORED}


def run_django(code, *, setup=True, **env_vars):
    env = clean_environ()
    env.update(env_vars, DJANGO_SETTINGS_MODULE="penpals.settings")
    start = "import django; django.setup(); " if setup else ""
    return subprocess.run(
        [sys.executable, "-c", f"{start}{code}"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_settings(*names, **env_vars):
    code = (
        "from django.conf import settings; import json; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    # Reading a setting imports the settings module; loading every app (django.setup()) would
    # only make each case slower.
    result = run_django(code, setup=False, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_defaults_need_no_environment():
    loaded = load_settings(
        "DEBUG", "DATABASES", "CACHES", "OUTBOX_DELIVERY_BACKEND", "TASKS", "SESSION_ENGINE"
    )

    assert loaded["DEBUG"] is True
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASES"]["default"]["NAME"] == str(PROJECT_ROOT / "db.sqlite3")
    assert loaded["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert loaded["OUTBOX_DELIVERY_BACKEND"].endswith("console.EmailBackend")
    # No worker to start in development: tasks (e-mail) run at once.
    assert loaded["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")
    assert loaded["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_database_url_selects_postgresql():
    loaded = load_settings("DATABASES", DATABASE_URL="postgres://pp:secret@db.internal:5433/pen")

    db = loaded["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.internal", 5433, "pen", "pp")


def test_cache_and_email_urls_select_redis_and_smtp():
    loaded = load_settings(
        "CACHES",
        "EMAIL_HOST",
        "EMAIL_BACKEND",
        "OUTBOX_DELIVERY_BACKEND",
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587",
    )

    assert loaded["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    # Every e-mail is queued; a worker delivers it through SMTP.
    assert loaded["EMAIL_BACKEND"] == "outbox.backends.QueuedEmailBackend"
    assert loaded["OUTBOX_DELIVERY_BACKEND"].endswith("smtp.EmailBackend")
    assert loaded["EMAIL_HOST"] == "smtp.example.org"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("pass", DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_turns_on_secure_cookies_and_hsts():
    loaded = load_settings(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "ALLOWED_HOSTS",
        **PRODUCTION,
    )

    assert loaded["SESSION_COOKIE_SECURE"] and loaded["CSRF_COOKIE_SECURE"]
    assert loaded["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["ALLOWED_HOSTS"] == ["penpals.example.org"]


def test_production_stores_tasks_in_the_database_for_workers():
    loaded = load_settings("TASKS", **PRODUCTION)

    assert loaded["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.slow
def test_check_deploy_has_no_warnings_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env={**clean_environ(), **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
