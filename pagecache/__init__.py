"""The page cache: the directory and profile pages, kept whole for visitors and for signed-in
writers, and the directory's cards kept one by one.

Rendering two dozen cards costs ten times what Django itself does, and most people, writers
included, see the same pages. Correctness comes first, though: a withdrawn or hidden listing
must disappear at once, for everyone, not after a time-to-live; and a writer's own state (which
profiles they saved) is always theirs and current.

- Every cached page and card is keyed by a version number kept in the database, and database
  triggers bump it in the same transaction as any write to what the pages show: a published (or
  formerly published) profile, a facility, a jurisdiction or a mail policy. Triggers see every
  path alike: the ORM, bulk updates, data migrations, raw SQL, another gunicorn worker, the
  cron job. `install_triggers` (re)creates them after every `migrate`, which also retires every
  cached page, so a deploy's new templates show at once.
- The version is read before the page's own queries, so a page rendered from older rows can
  only be stored under an older version, which no later request asks for.
- Time changes what is public too (expiry, a custody check going stale): a view declares
  `cache_until`, the moment its page stops being true by the calendar alone, and a page is never
  kept past it; the key holds the date (ages change on birthdays), the time zone dates are shown
  in and the settings that decide visibility.
- Per-person parts are never cached as they were for someone else: the CSRF token is filled in
  for each response, and each writer's Save buttons are stored in both states and chosen, as
  the page is served, from that writer's saved profiles, read from the database on every
  request. Visitors with a message to see and pages that use a CSP nonce are not cached.
- A cache outage costs speed, not pages: every cache call falls back to rendering.

The API: `CacheablePage` (a TemplateResponse with a declared `cache_until`), the
`cached_page` decorator, `page_key` (the one place a page's key is built) and
`rendering_variant` (what every cached page and card differs by: the date, the time zone,
the language), `listing_settings` (the settings a cached page or count differs by),
`cached_fragments` (the cards), `pages_version`, the `{% writer_choice %}` tag
(pagecache_tags) and `install_triggers`.
"""

import hashlib
import logging
import re
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

__all__ = [
    "CacheablePage",
    "cache_get_many",
    "cache_set_many",
    "cached_fragments",
    "cached_page",
    "install_triggers",
    "listing_settings",
    "page_key",
    "pages_version",
    "rendering_variant",
]

logger = logging.getLogger(__name__)


# What the public pages show. Profiles only count while (or when they stop being) published, so
# a family's new submission does not retire every cached page.
WATCHED_TABLES = {
    "profiles_profile": "status = 'approved'",
    "facilities_facility": None,
    "facilities_jurisdiction": None,
    "facilities_mailpolicy": None,
}
VERSION_TABLE = "profiles_publicpagesversion"  # pagecache.models.PublicPagesVersion
# Constants only, no input: an upsert, so a bump also works before the row exists.
BUMP = (
    f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, 1) "  # noqa: S608
    f"ON CONFLICT (id) DO UPDATE SET version = {VERSION_TABLE}.version + 1"
)


def pages_version(request):
    """The version of what public pages show, read once per request (it keys cached pages,
    cards and directory counts)."""
    if not hasattr(request, "_public_pages_version"):
        # Plain SQL: on a cache hit this is one of two queries, and the ORM's compiling would
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


class CacheablePage(TemplateResponse):
    """A page `cached_page` may keep. `cache_until` is when it stops being true by the calendar
    alone (a listed profile expires or its custody check goes stale); None: only a write to
    what it shows changes it."""

    def __init__(self, request, template, context=None, *, cache_until, status=None):
        super().__init__(request, template, context, status=status)
        self.cache_until = cache_until


def cached_page(writer_state):
    """Serve the decorated view from the page cache, to visitors and signed-in writers alike.

    `writer_state(request)` is the set of ids the page's `{% writer_choice %}` parts depend on
    (the writer's saved profiles), read on every request, cache hit or not. Only a
    `CacheablePage` answering 200 is kept; only the body and content type are cached, headers
    come from the middleware on every response.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = page_key(request)  # first: see the module's docstring
            entry = cache_get_many([key]).get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if not isinstance(response, CacheablePage) or response.status_code != 200:
                    return response
                entry = _render_for_cache(request, response)
                seconds = _lifetime(response.cache_until)
                nonce_used = isinstance(getattr(request, "_csp_nonce", None), str)
                if seconds >= 1 and not nonce_used:
                    cache_set_many({key: entry}, seconds)
            state = writer_state(request) if request.user.is_authenticated else frozenset()
            return _serve(request, entry, state)

        return wrapper

    return decorator


def _cacheable(request):
    return (
        settings.PENPALS_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        # Counting does not mark messages as seen: the uncached page still shows them.
        and not len(get_messages(request))
    )


def rendering_variant():
    """What any cached HTML, page or card, differs by besides what it shows: the date (ages
    change on birthdays), the time zone dates are shown in (a signed-in writer's own) and the
    language LocaleMiddleware chose (the switcher's cookie, else Accept-Language)."""
    return "|".join(
        (
            timezone.localdate().isoformat(),
            timezone.get_current_timezone_name(),
            translation.get_language(),
        )
    )


def listing_settings():
    """The settings that decide what the directory lists and says: a restart with new values
    must not serve pages, or counts, cached under the old ones."""
    return (
        settings.PENPALS_VERIFICATION_MAX_AGE_DAYS,
        settings.PENPALS_DIRECTORY_PAGE_SIZE,
        settings.PENPALS_DIRECTORY_COUNT_LIMIT,
    )


def page_key(request):
    """The cache key of the page `request` asks for: everything a cached page may differ by,
    other than the parts filled in as it is served (the CSRF token, a writer's Save buttons)."""
    parts = (
        pages_version(request),
        rendering_variant(),
        # The menu and the Save buttons differ once signed in, not between writers.
        request.user.is_authenticated,
        listing_settings(),
        request.get_host(),
        request.get_full_path(),
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return f"page:{digest}"


class WriterChoices:
    """While a page is rendered for the cache: the parts that differ between writers, each
    stored in its two forms behind a marker that no text a family wrote can match."""

    def __init__(self):
        self.prefix = f"writer-{secrets.token_hex(16)}-"
        self.choices = []

    def add(self, member, held, absent):
        """A marker for two forms of one part: `held` when the writer's state holds `member`,
        `absent` when not."""
        self.choices.append((member, (absent, held)))
        return f"{self.prefix}{len(self.choices) - 1}."


def _render_for_cache(request, response):
    # Random per page: no text a family wrote can match it.
    csrf = f"csrf-{secrets.token_hex(16)}"
    choices = WriterChoices() if request.user.is_authenticated else None
    response.context_data["csrf_token"] = csrf
    response.context_data["pagecache_writer_choices"] = choices
    response.render()
    content = response.content.decode()
    # [text, (id, HTML if held, HTML if not), text, ...]: a served page is one join.
    chunks = [content]
    if choices and choices.choices:
        parts = re.split(re.escape(choices.prefix) + r"(\d+)\.", content)
        chunks = [
            part if n % 2 == 0 else choices.choices[int(part)] for n, part in enumerate(parts)
        ]
    return chunks, response["Content-Type"], csrf


def _lifetime(cache_until):
    seconds = settings.PENPALS_PAGE_CACHE_SECONDS
    if cache_until is not None:
        seconds = min(seconds, (cache_until - timezone.now()).total_seconds())
    return int(seconds)


def _serve(request, entry, state):
    chunks, content_type, csrf = entry
    content = "".join(
        chunk if isinstance(chunk, str) else chunk[1][chunk[0] in state] for chunk in chunks
    )
    if csrf in content:
        content = content.replace(csrf, get_token(request))
    return HttpResponse(content, content_type=content_type)


def cached_fragments(kind, objects, render, version, until, seconds=3600):
    """[(object, HTML)] for `objects`: each piece cached per object, `version` of the public
    pages and `rendering_variant()`, all fetched in one round trip to the cache;
    `render(object)` makes a missing one, kept no longer than `until(object)`.
    """
    variant = rendering_variant()
    keys = [f"{kind}:{obj.pk}:{version}:{variant}" for obj in objects]
    cached = cache_get_many(keys)
    rendered = {
        key: render(obj) for obj, key in zip(objects, keys, strict=True) if key not in cached
    }
    if rendered:
        now = timezone.now()
        first_to_leave = min(
            until(obj) for obj, key in zip(objects, keys, strict=True) if key in rendered
        )
        lifetime = min(seconds, int((first_to_leave - now).total_seconds()))
        if lifetime >= 1:
            cache_set_many(rendered, lifetime)
    # Rendered HTML is a SafeString, and stays so through the cache's pickling.
    return [(obj, cached.get(key) or rendered[key]) for obj, key in zip(objects, keys, strict=True)]


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
