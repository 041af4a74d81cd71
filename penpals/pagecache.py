"""A whole-page cache for the directory and profile pages, for visitors who are not signed in.

Those pages are the same for every such visitor, and rendering two dozen cards costs ten times
what Django itself does. Correctness comes first, though: a withdrawn or hidden listing must
disappear at once, not after a time-to-live.

- Every cached page is keyed by a version number kept in the database, and database triggers
  bump it in the same transaction as any write to what the pages show: a published (or
  formerly published) profile, a facility, a jurisdiction or a mail policy. Triggers see every
  path alike: the ORM, bulk updates, data migrations, raw SQL, another gunicorn worker, the
  cron job. `install_triggers` (re)creates them after every `migrate`, which also retires every
  cached page, so a deploy's new templates show at once.
- The version is read before the page's own queries, so a page rendered from older rows can
  only be stored under an older version, which no later request asks for.
- Time changes what is public too (expiry, a custody check going stale): a page is never kept
  past the moment its first listed profile leaves the directory by the calendar alone, and the
  key holds the date (ages change on birthdays) and the settings that decide visibility.
- Per-visitor parts are not cached: the CSRF token is filled in for each response; signed-in
  writers, visitors with a message to see, and pages that use a CSP nonce are not cached.
- A cache outage costs speed, not pages: every cache call falls back to rendering.
"""

import hashlib
import logging
import secrets
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone, translation

logger = logging.getLogger(__name__)


# What the public pages show. Profiles only count while (or when they stop being) published, so
# a family's new submission does not retire every cached page.
WATCHED_TABLES = {
    "profiles_profile": "status = 'approved'",
    "facilities_facility": None,
    "facilities_jurisdiction": None,
    "facilities_mailpolicy": None,
}
VERSION_TABLE = "profiles_publicpagesversion"
# Constants only, no input: an upsert, so a bump also works before the row exists.
BUMP = (
    f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, 1) "  # noqa: S608
    f"ON CONFLICT (id) DO UPDATE SET version = {VERSION_TABLE}.version + 1"
)


def public_pages_version(request):
    """The version of what public pages show, read once per request (it keys cached pages and
    the directory's cached cards)."""
    if not hasattr(request, "_public_pages_version"):
        # Plain SQL: on a cache hit this is the only query, and the ORM's compiling would
        # cost more than the round trip.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        request._public_pages_version = row[0] if row else 0
    return request._public_pages_version


def install_triggers(using="default", **_signal_kwargs):
    """(Re)create the triggers that bump the version, and bump it once: run after `migrate`
    (SQLite drops a table's triggers when a migration rebuilds the table)."""
    db = connections[using]
    tables = set(db.introspection.table_names())
    if VERSION_TABLE not in tables or not tables.issuperset(WATCHED_TABLES):
        return  # not migrated that far yet
    statements = []
    if db.vendor == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION penpals_bump_public_pages() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
    for table, published in WATCHED_TABLES.items():
        for event, row in (("INSERT", "NEW"), ("UPDATE", None), ("DELETE", "OLD")):
            name = f"penpals_pages_{table}_{event.lower()}"
            when = ""
            if published:
                rows = [row] if row else ["OLD", "NEW"]
                when = "WHEN (" + " OR ".join(f"{r}.{published}" for r in rows) + ")"
            if db.vendor == "postgresql":
                statements += [
                    f"DROP TRIGGER IF EXISTS {name} ON {table}",
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when} "
                    "EXECUTE FUNCTION penpals_bump_public_pages()",
                ]
            else:
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}",
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when} "
                    f"BEGIN {BUMP}; END",
                ]
    statements.append(BUMP)
    with transaction.atomic(using=using), db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def cached_for_visitors(view):
    """Serve `view` from the page cache to visitors who are not signed in.

    The view returns a TemplateResponse with `cache_until`: the time its page stops being true
    by the calendar alone (None: only a write changes it). Only the body and content type are
    cached; headers come from the middleware on every response.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)  # first: see the module's docstring
        entry = cache_get_many([key]).get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if not isinstance(response, TemplateResponse) or response.status_code != 200:
                return response
            entry = _render_for_cache(response)
            seconds = _lifetime(response.cache_until)
            nonce_used = isinstance(getattr(request, "_csp_nonce", None), str)
            if seconds >= 1 and not nonce_used:
                cache_set_many({key: entry}, seconds)
        return _serve(request, entry)

    return wrapper


def _cacheable(request):
    return (
        settings.PENPALS_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        # Counting does not mark messages as seen: the uncached page still shows them.
        and not len(get_messages(request))
    )


def _key(request):
    parts = (
        public_pages_version(request),
        timezone.localdate().isoformat(),
        # Settings that decide what is listed: a restart with new values must not serve old pages.
        settings.PENPALS_VERIFICATION_MAX_AGE_DAYS,
        settings.PENPALS_DIRECTORY_PAGE_SIZE,
        request.get_host(),
        request.get_full_path(),
        # The language LocaleMiddleware chose (cookie, else Accept-Language): one page per language.
        translation.get_language(),
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return f"page:{digest}"


def _render_for_cache(response):
    # Random per page: no text a family wrote can match it.
    placeholder = f"csrf-{secrets.token_hex(16)}"
    response.context_data["csrf_token"] = placeholder
    response.render()
    return response.content, response["Content-Type"], placeholder.encode()


def _lifetime(cache_until):
    seconds = settings.PENPALS_PAGE_CACHE_SECONDS
    if cache_until is not None:
        seconds = min(seconds, (cache_until - timezone.now()).total_seconds())
    return int(seconds)


def _serve(request, entry):
    content, content_type, placeholder = entry
    if placeholder in content:
        content = content.replace(placeholder, get_token(request).encode())
    return HttpResponse(content, content_type=content_type)


def cache_get_many(keys):
    """The cache's entries for `keys`, or none when the cache is down: pages render instead."""
    try:
        return cache.get_many(keys)
    except Exception:  # each backend raises its own errors (redis, memcached, ...)
        logger.warning("Page cache unavailable: rendering instead", exc_info=True)
        return {}


def cache_set_many(entries, seconds):
    try:
        cache.set_many(entries, seconds)
    except Exception:
        logger.warning("Page cache unavailable: not storing", exc_info=True)
