"""A whole-page cache for the directory and profile pages, for visitors who are not signed in.

Those pages are the same for every such visitor, and rendering two dozen cards costs ten times
what Django itself does. Correctness comes first, though: a withdrawn or hidden listing must
disappear at once, not after a time-to-live.

- Every cached page is keyed by a version number kept in the database. Every write to what the
  pages show (profiles, facilities, jurisdictions, mail policies) bumps it in the same
  transaction, through save()/delete() signals and through the querysets' update(), delete()
  and bulk_create() (bulk_update() goes through update()): the paths signals miss. Because the
  version lives in the database, a write from any process (another gunicorn worker, the cron
  job, the admin) reaches every process's cache.
- The version is read before the page's own queries, so a page rendered from older rows can
  only be stored under an older version, which no later request asks for.
- Time changes what is public too (expiry, a custody check going stale): a page is never kept
  past the moment its first listed profile leaves the directory by the calendar alone, and the
  key holds the date (ages change on birthdays).
- Per-visitor parts are not cached: the CSRF token is filled in for each response; signed-in
  writers, visitors with a message to see, and pages that use a CSP nonce are not cached.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone

CSRF_PLACEHOLDER = "penpals-page-cache-csrf-token"


def public_pages_version(request):
    """The version of what public pages show, read once per request (it keys cached pages and
    the directory's cached cards)."""
    from profiles.models import PublicPagesVersion

    if not hasattr(request, "_public_pages_version"):
        # Plain SQL: on a cache hit this is the only query, and the ORM's compiling would
        # cost more than the round trip.
        table = connection.ops.quote_name(PublicPagesVersion._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        request._public_pages_version = row[0] if row else 0
    return request._public_pages_version


def bump_public_pages(using=None, **_signal_kwargs):
    """Retire every cached public page: call it in the transaction that changes what they show."""
    from profiles.models import PublicPagesVersion

    manager = PublicPagesVersion.objects.db_manager(using)
    if not manager.filter(pk=1).update(version=F("version") + 1):
        manager.get_or_create(pk=1)


class ChangesPublicPages:
    """QuerySet mixin for models the public pages show: writes that send no signals still
    retire the cached pages."""

    def update(self, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            rows = super().update(**kwargs)
            bump_public_pages(self.db)
        return rows

    update.alters_data = True

    def delete(self):
        with transaction.atomic(using=self.db, savepoint=False):
            result = super().delete()
            bump_public_pages(self.db)
        return result

    delete.alters_data = True

    def bulk_create(self, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(*args, **kwargs)
            bump_public_pages(self.db)
        return created


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
        entry = cache.get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if not isinstance(response, TemplateResponse) or response.status_code != 200:
                return response
            entry = _render_for_cache(request, response)
            seconds = _lifetime(response.cache_until)
            nonce_used = isinstance(getattr(request, "_csp_nonce", None), str)
            if seconds >= 1 and not nonce_used:
                cache.set(key, entry, seconds)
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
        request.get_host(),
        request.get_full_path(),
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return f"page:{digest}"


def _render_for_cache(request, response):
    response.context_data["csrf_token"] = CSRF_PLACEHOLDER
    response.render()
    return response.content, response["Content-Type"]


def _lifetime(cache_until):
    seconds = settings.PENPALS_PAGE_CACHE_SECONDS
    if cache_until is not None:
        seconds = min(seconds, (cache_until - timezone.now()).total_seconds())
    return int(seconds)


def _serve(request, entry):
    content, content_type = entry
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in content:
        content = content.replace(placeholder, get_token(request).encode())
    return HttpResponse(content, content_type=content_type)
