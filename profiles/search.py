"""The directory's filters, text search and sort orders.

Text search is PostgreSQL full-text search with ranking over a stored, weighted `search_vector`
(names, then interests, then the bio); on SQLite, a LIKE match of every word does the same job
more slowly. Sorts are keyset-paginated (see `profiles.pagination`), so they list the columns
they order by.
"""

import hashlib
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Count, DateField, F, FloatField, Min, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, Left
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pagecache import cache_get_many, cache_set_many
from profiles.models import Profile

# Sort name -> (label, [(column, descending), ...], cursor value types); the last column is
# always the unique id, so the order is total and a keyset cursor is exact.
SORTS = {
    "newest": (_("Newest"), [("published_at", True), ("id", True)], (datetime, int)),
    "release": (_("Release soonest"), [("release_key", False), ("id", False)], (date, int)),
    "verified": (_("Recently verified"), [("verified_at", True), ("id", True)], (datetime, int)),
    "relevance": (_("Best match (when searching)"), [("rank", True), ("id", True)], (float, int)),
}
# Only the columns the directory cards show: the bio is cut short in the database.
CARD_FIELDS = (
    "public_id",
    "is_demo",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "looking_for",
    "photo_thumbnail",
    "release_date",
    "release_date_kind",
    "published_at",
    "verified_at",
    "expires_at",
    "facility__name",
    "facility__short_name",
    "facility__physical_state",
    "facility__slug",
)
BIO_EXCERPT_CHARS = 220
# The longest a directory count is kept, as the cards are (profiles.views.card_bodies).
SUMMARY_SECONDS = 3600


def is_postgres(queryset):
    return connections[queryset.db].vendor == "postgresql"


def document_vector():
    return (
        SearchVector("first_name", "last_name", "preferred_name", weight="A", config="english")
        + SearchVector(Cast("interests", TextField()), weight="B", config="english")
        + SearchVector("bio", weight="C", config="english")
    )


def refresh_search_vectors(queryset):
    """Recompute the stored search document (PostgreSQL only; a no-op elsewhere)."""
    if is_postgres(queryset):
        queryset.update(search_vector=document_vector())


def json_list_contains(queryset, field, value):
    """Rows whose JSON list `field` holds `value` (a vocabulary code)."""
    if is_postgres(queryset):
        return queryset.filter(**{f"{field}__contains": [value]})
    # SQLite has no JSON containment lookup; codes are plain words, so the quoted code only
    # matches a whole list item of the JSON text.
    return queryset.filter(**{f"{field}__icontains": f'"{value}"'})


def text_search(queryset, q):
    if is_postgres(queryset):
        query = SearchQuery(q, search_type="websearch", config="english")
        # ts_rank is a float4, which Python reads back rounded: as float8 the keyset cursor
        # holds the exact value and the next page starts exactly after it.
        return queryset.filter(search_vector=query).annotate(
            rank=Cast(SearchRank(F("search_vector"), query), FloatField())
        )
    for word in q.split()[:8]:
        queryset = queryset.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(bio__icontains=word)
            | Q(interests__icontains=word)
        )
    # No ranking on SQLite: every match is equally good, newest first.
    return queryset.annotate(rank=Value(1.0))


def years_ago(today, years):
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def add_months(today, months):
    month = today.month - 1 + months
    year, month = today.year + month // 12, month % 12 + 1
    return date(year, month, min(today.day, 28))


def directory(filters, now=None):
    """Public profiles matching the cleaned filters of `DirectoryFilterForm`, ready to page.

    Returns (queryset, sort name). One query, whatever the page size: the facility comes in by
    join and the bio is cut to an excerpt in the database.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    profiles = (
        Profile.objects.public(now=now)
        .select_related("facility")
        .only(*CARD_FIELDS)
        .annotate(bio_excerpt=Left("bio", BIO_EXCERPT_CHARS))
    )
    if filters.get("state"):
        profiles = profiles.filter(facility__physical_state=filters["state"])
    if filters.get("facility"):
        profiles = profiles.filter(facility=filters["facility"])
    if filters.get("gender"):
        profiles = profiles.filter(gender=filters["gender"])
    if filters.get("age_min") is not None:
        profiles = profiles.filter(date_of_birth__lte=years_ago(today, filters["age_min"]))
    if filters.get("age_max") is not None:
        # Born after the day they would have turned age_max + 1.
        profiles = profiles.filter(date_of_birth__gt=years_ago(today, filters["age_max"] + 1))
    if filters.get("looking_for"):
        profiles = json_list_contains(profiles, "looking_for", filters["looking_for"])
    if filters.get("language"):
        profiles = json_list_contains(profiles, "languages", filters["language"])
    if filters.get("release_within"):
        profiles = profiles.filter(
            release_date__gte=today,
            release_date__lte=add_months(today, filters["release_within"]),
        )
    if filters.get("new"):
        profiles = profiles.filter(published_at__gte=now - timedelta(days=30))

    sort = filters.get("sort") or ""
    if filters.get("q"):
        profiles = text_search(profiles, filters["q"])
        sort = sort or "relevance"
    if sort not in SORTS or (sort == "relevance" and not filters.get("q")):
        sort = "newest"
    if sort == "release":
        # Unknown release dates sort last.
        profiles = profiles.annotate(
            release_key=Coalesce("release_date", Value(date.max), output_field=DateField())
        )
    return profiles, sort


def directory_summary(profiles, filters, pages_version):
    """(How many profiles match, when the first of them leaves the directory by the calendar
    alone): the directory's "1,284 people", which a cached page must not outlive.

    Counting reads every match (about 130 ms for 100,000 on PostgreSQL), so the answer is
    cached like the cards: per version of the public pages (any write retires it), day and
    filters, and never past that moment. One query when it is not cached."""
    key = _summary_key(filters, pages_version)
    summary = cache_get_many([key]).get(key)
    if summary is not None:
        return summary
    found = profiles.aggregate(
        total=Count("pk"), expires_at=Min("expires_at"), verified_at=Min("verified_at")
    )
    until = None
    if found["total"]:
        until = Profile.leaves_directory_at(found["expires_at"], found["verified_at"])
    summary = (found["total"], until)
    seconds = SUMMARY_SECONDS
    if until is not None:
        seconds = min(seconds, int((until - timezone.now()).total_seconds()))
    if seconds >= 1:
        cache_set_many({key: summary}, seconds)
    return summary


def _summary_key(filters, pages_version):
    # The page and the sort do not change who matches.
    used = sorted(
        (name, str(getattr(value, "pk", value)))
        for name, value in filters.items()
        if name not in ("after", "sort") and value not in (None, "", False)
    )
    parts = (
        pages_version,
        timezone.localdate().isoformat(),
        settings.PENPALS_VERIFICATION_MAX_AGE_DAYS,
        used,
    )
    return "summary:" + hashlib.sha256(repr(parts).encode()).hexdigest()
