"""The directory's filters, text search and sort orders.

Text search is PostgreSQL full-text search over a stored `search_vector` (names, interests and
the bio); on SQLite, a LIKE match of every word does the same job more slowly. The best match
comes first: people whose name or interests match (the smaller `search_keys`), then those whose
bio matches, newest first within each. Ranking every match with `ts_rank` read every matching
row: 200 ms for a common word at a million profiles, to rank 30,000 bios that all scored alike.
Sorts are keyset-paginated (see `profiles.pagination`), so they list the columns they order by.
"""

import hashlib
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import DateField, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, Left
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pagecache import cache_get_many, cache_set_many, listing_settings
from profiles.models import Profile

# Sort name -> (label, [(column, descending), ...], cursor value types); the last column is
# always the unique id, so the order is total and a keyset cursor is exact. "relevance" pages
# through two tiers of matches (`search_tiers`), each newest first.
NEWEST = [("published_at", True), ("id", True)]
SORTS = {
    # The default, first in the form: without a search every profile matches alike.
    "relevance": (_("Best match, then newest"), NEWEST, (datetime, int)),
    "newest": (_("Newest"), NEWEST, (datetime, int)),
    "release": (_("Release soonest"), [("release_key", False), ("id", False)], (date, int)),
    "verified": (_("Recently verified"), [("verified_at", True), ("id", True)], (datetime, int)),
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
# "New this month": published this long ago or less.
NEW_FOR = timedelta(days=30)
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


def keys_vector():
    return SearchVector(
        "first_name", "last_name", "preferred_name", weight="A", config="english"
    ) + (SearchVector(Cast("interests", TextField()), weight="B", config="english"))


def refresh_search_vectors(queryset):
    """Recompute the stored search documents (PostgreSQL only; a no-op elsewhere)."""
    if is_postgres(queryset):
        queryset.update(search_vector=document_vector(), search_keys=keys_vector())


def json_list_contains(queryset, field, value):
    """Rows whose JSON list `field` holds `value` (a vocabulary code)."""
    if is_postgres(queryset):
        return queryset.filter(**{f"{field}__contains": [value]})
    # SQLite has no JSON containment lookup; codes are plain words, so the quoted code only
    # matches a whole list item of the JSON text.
    return queryset.filter(**{f"{field}__icontains": f'"{value}"'})


def text_search(queryset, q):
    """Profiles matching every word of `q` in their names, interests or bio."""
    if is_postgres(queryset):
        return queryset.filter(search_vector=_query(q))
    return queryset.filter(_like_every_word(q, KEY_FIELDS + ("bio",)))


def search_tiers(matches, q):
    """The best match first: `matches` of `q` whose names or interests match, then the rest.

    Each tier pages newest first on the directory's index, so a page reads about as many rows
    as it shows, however many match. Name and interest matches are either many (a common first
    name, an interest many list) or few (a surname, a word no name holds). PostgreSQL cannot
    tell a word in no name from a rare one (it guesses 0.5 %), and walking the newest-first
    index for a word in no name reads every row: 3.5 s at a million. So the few are found by
    the GIN index first and paged by id."""
    if not is_postgres(matches):
        keys_match = _like_every_word(q, KEY_FIELDS)
        return [matches.filter(keys_match), matches.exclude(keys_match)]
    keys_match = Q(search_keys=_query(q))
    best = matches.filter(keys_match)
    few = list(key_matches(q))
    if len(few) <= FEW_KEY_MATCHES:
        best = matches.filter(pk__in=few)
    return [best, matches.exclude(keys_match)]


def key_matches(q):
    """The ids of up to FEW_KEY_MATCHES + 1 profiles whose names or interests match, found by
    the GIN index (PostgreSQL only)."""
    found = Profile.objects.filter(search_keys=_query(q)).order_by()
    return found.values_list("pk", flat=True)[: FEW_KEY_MATCHES + 1]


# Up to this many name and interest matches are paged by id (see search_tiers).
FEW_KEY_MATCHES = 1000
KEY_FIELDS = ("first_name", "last_name", "preferred_name", "interests")


def _query(q):
    return SearchQuery(q, search_type="websearch", config="english")


def _like_every_word(q, fields):
    match = Q()
    for word in q.split()[:8]:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        match &= any_field
    return match


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

    Returns (every match, sort name, tiers): the querysets to page through in turn, one
    unless the best matches come first. One query a tier, whatever the page size: the facility
    comes in by join and the bio is cut to an excerpt in the database.
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
        profiles = profiles.filter(published_at__gte=now - NEW_FOR)

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
    tiers = search_tiers(profiles, filters["q"]) if sort == "relevance" else [profiles]
    return profiles, sort, tiers


def directory_summary(profiles, filters, pages_version):
    """(How many profiles match, up to PENPALS_DIRECTORY_COUNT_LIMIT + 1, which the page shows
    as "more than 1,000"; when that stops being true by the calendar alone): the directory's
    "1,284 people", which a cached page must not outlive.

    Counting every match read every one of them (0.6 s for the whole directory at a million
    profiles), so at most the limit and one more are read. Those are witnesses: until the first of
    them stops matching, at least that many match, whatever happens to the rest. The
    answer is cached like the cards: per version of the public pages (any write retires it),
    day and filters, and never past that moment. One query when it is not cached."""
    key = _summary_key(filters, pages_version)
    summary = cache_get_many([key]).get(key)
    if summary is not None:
        return summary
    # At most 1,001 short rows, fetched: Django 5.2 compiled an aggregate of this sliced
    # queryset to an empty SELECT on SQLite.
    limit = settings.PENPALS_DIRECTORY_COUNT_LIMIT
    witnesses = list(profiles.order_by().values(*CALENDAR_FIELDS)[: limit + 1])
    until = stops_matching_at(filters, witnesses)
    summary = (len(witnesses), until)
    seconds = SUMMARY_SECONDS
    if until is not None:
        seconds = min(seconds, int((until - timezone.now()).total_seconds()))
    if seconds >= 1:
        cache_set_many({key: summary}, seconds)
    return summary


# What decides when a profile stops matching the directory's filters by the calendar alone.
CALENDAR_FIELDS = ("expires_at", "verified_at", "published_at")


def stops_matching_at(filters, profiles):
    """When the first of `profiles` (each a mapping of CALENDAR_FIELDS) stops matching `filters`
    by the calendar alone: it leaves the directory, or is no longer new this month. None for
    none. Ages and release dates change by the day, which every key holds."""
    moments = [Profile.leaves_directory_at(p["expires_at"], p["verified_at"]) for p in profiles]
    if filters.get("new"):
        moments += [p["published_at"] + NEW_FOR for p in profiles]
    return min(moments, default=None)


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
        listing_settings(),
        used,
    )
    return "summary:" + hashlib.sha256(repr(parts).encode()).hexdigest()
