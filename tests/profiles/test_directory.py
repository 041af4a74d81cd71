from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility
from moderation.services import decide
from profiles.pagination import encode
from profiles.search import directory, directory_summary
from tests.factories import FacilityFactory, JurisdictionFactory, PublicProfileFactory

pytestmark = pytest.mark.django_db
URL = reverse("profiles:list")


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return [p.public_id for p in response.context["page"].items]


def years_ago(years, days=0):
    today = timezone.localdate()
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=days)


def test_cards_show_name_age_facility_state_looking_for_and_the_start_of_the_bio(client):
    facility = FacilityFactory(name="Ionia Correctional Facility", physical_state="MI")
    PublicProfileFactory(
        first_name="Terrence",
        preferred_name="Terry",
        last_name="Okafor",
        facility=facility,
        date_of_birth=years_ago(40, days=1),
        looking_for=["mentorship"],
        bio="I restore old radios. " + "More words about me. " * 30,
    )

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Terry Okafor</a>, 40" in html
    assert "Ionia Correctional Facility, MI" in html
    assert "Mentorship" in html
    assert "I restore old radios." in html
    assert html.count("More words about me.") < 15  # only the first lines


def test_filter_by_state(client):
    here = PublicProfileFactory(facility=FacilityFactory(physical_state="MI"))
    PublicProfileFactory(facility=FacilityFactory(physical_state="OH"))

    assert listed(client, state="MI") == [here.public_id]


def test_filter_by_facility(client):
    here = PublicProfileFactory()
    PublicProfileFactory()

    assert listed(client, facility=here.facility.slug) == [here.public_id]


def test_filter_by_gender(client):
    woman = PublicProfileFactory(gender="woman")
    PublicProfileFactory(gender="man")

    assert listed(client, gender="woman") == [woman.public_id]


def test_filter_by_age_range_includes_both_ends(client):
    thirty = PublicProfileFactory(date_of_birth=years_ago(30))
    forty = PublicProfileFactory(date_of_birth=years_ago(41, days=-1))  # 40, 41 tomorrow
    PublicProfileFactory(date_of_birth=years_ago(30, days=-1))  # 29, 30 tomorrow
    PublicProfileFactory(date_of_birth=years_ago(41))  # 41 today

    assert set(listed(client, age_min=30, age_max=40)) == {thirty.public_id, forty.public_id}


def test_filter_by_looking_for(client):
    mentor = PublicProfileFactory(looking_for=["friendship", "mentorship"])
    PublicProfileFactory(looking_for=["friendship"])

    assert listed(client, looking_for="mentorship") == [mentor.public_id]


def test_filter_by_language(client):
    spanish = PublicProfileFactory(languages=["english", "spanish"])
    PublicProfileFactory(languages=["english"])

    assert listed(client, language="spanish") == [spanish.public_id]


def test_filter_by_release_within_months(client):
    soon = PublicProfileFactory(
        release_date=timezone.localdate() + timedelta(days=100), release_date_kind="earliest"
    )
    PublicProfileFactory(release_date=timezone.localdate() + timedelta(days=800))
    PublicProfileFactory(release_date=None)

    assert listed(client, release_within=6) == [soon.public_id]


def test_filter_new_this_month(client):
    new = PublicProfileFactory()
    PublicProfileFactory(published_at=timezone.now() - timedelta(days=45))

    assert listed(client, new="on") == [new.public_id]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Okafor", "okafor"), ("radios", "okafor"), ("gardening", "lee"), ("TERRY", "okafor")],
)
def test_text_search_over_names_bio_and_interests(client, query, expected):
    profiles = {
        "okafor": PublicProfileFactory(
            first_name="Terrence",
            preferred_name="Terry",
            last_name="Okafor",
            bio="I restore old radios and read about electronics. " * 3,
            interests=["science"],
        ),
        "lee": PublicProfileFactory(
            last_name="Lee",
            bio="I like long walks in the yard and writing letters to my daughter. " * 2,
            interests=["gardening"],
        ),
    }

    assert listed(client, q=query) == [profiles[expected].public_id]


def test_a_search_that_matches_nothing_says_what_to_try(client):
    PublicProfileFactory()

    response = client.get(URL, {"q": "zzzzzz"})

    assert response.context["page"].items == []
    assert b"No profiles match" in response.content
    assert b"Try fewer filters" in response.content


def test_an_empty_directory_invites_families_to_list_someone(client):
    response = client.get(URL)

    assert b"no published profiles yet" in response.content


def test_sort_newest_first_by_default(client):
    old = PublicProfileFactory(published_at=timezone.now() - timedelta(days=3))
    new = PublicProfileFactory()

    assert listed(client) == [new.public_id, old.public_id]


def test_sort_release_soonest_with_unknown_dates_last(client):
    unknown = PublicProfileFactory(release_date=None)
    later = PublicProfileFactory(release_date=timezone.localdate() + timedelta(days=300))
    sooner = PublicProfileFactory(release_date=timezone.localdate() + timedelta(days=30))

    assert listed(client, sort="release") == [
        sooner.public_id,
        later.public_id,
        unknown.public_id,
    ]


def test_sort_recently_verified(client):
    stale = PublicProfileFactory(verified_at=timezone.now() - timedelta(days=50))
    fresh = PublicProfileFactory(
        verified_at=timezone.now(), published_at=timezone.now() - timedelta(days=90)
    )

    assert listed(client, sort="verified") == [fresh.public_id, stale.public_id]


@pytest.mark.parametrize("sort", ["newest", "release", "verified", "relevance"])
def test_keyset_pages_list_everyone_exactly_once(client, settings, sort):
    settings.PENPALS_DIRECTORY_PAGE_SIZE = 3
    now = timezone.now()
    everyone = {
        PublicProfileFactory(
            # Ties on the sort column: the id must break them.
            published_at=now - timedelta(days=i // 2),
            verified_at=now - timedelta(days=i // 3),
            release_date=timezone.localdate() + timedelta(days=10 * (i // 2)) if i % 4 else None,
            bio="Everyone here likes chess and letters. " * 3,
        ).public_id
        for i in range(10)
    }
    params = {"sort": sort, "q": "chess" if sort == "relevance" else ""}
    seen, pages = [], 0
    while pages < 10:  # bounded: a cursor that does not advance must fail, not hang
        response = client.get(URL, params)
        page = response.context["page"]
        seen += [p.public_id for p in page.items]
        pages += 1
        if not page.next_cursor:
            break
        params["after"] = page.next_cursor

    assert sorted(seen) == sorted(everyone)
    assert pages == 4


# Name matches paged by id (few of them) and by the newest-first index (many; on PostgreSQL).
@pytest.mark.parametrize("few_key_matches", [1000, 1])
def test_the_best_match_lists_name_and_interest_matches_first_then_newest(
    client, settings, monkeypatch, few_key_matches
):
    monkeypatch.setattr("profiles.search.FEW_KEY_MATCHES", few_key_matches)
    settings.PENPALS_DIRECTORY_PAGE_SIZE = 2
    now = timezone.now()

    def profile(days_ago, **fields):
        return PublicProfileFactory(published_at=now - timedelta(days=days_ago), **fields)

    bio_only = [profile(days, bio="I write to Mr Okafor's nephew every week.") for days in (1, 5)]
    named = [profile(days, last_name="Okafor", bio="Hello.") for days in (2, 3, 4)]
    interested = profile(6, interests=["gardening"], bio="Tomatoes and peppers in the yard.")
    gardening_bio = profile(0, bio="I read about gardening.")

    pages, params = [], {"q": "okafor"}
    while len(pages) < 5:  # bounded: a cursor that does not advance must fail, not hang
        page = client.get(URL, params).context["page"]
        pages.append([p.public_id for p in page.items])
        if not page.next_cursor:
            break
        params["after"] = page.next_cursor

    # Names first, then bios, newest first in each; the second page crosses from one to the other.
    ids = [p.public_id for p in (*named, *bio_only)]
    assert pages == [ids[0:2], ids[2:4], ids[4:5]]
    assert listed(client, q="gardening") == [interested.public_id, gardening_bio.public_id]


def test_next_page_link_keeps_the_filters(client, settings):
    settings.PENPALS_DIRECTORY_PAGE_SIZE = 1
    for _ in range(2):
        PublicProfileFactory(facility=FacilityFactory(physical_state="MI"))

    response = client.get(URL, {"state": "MI"})

    assert "state=MI" in response.context["next_url"]
    assert "after=" in response.context["next_url"]
    assert "First page" not in response.text

    second = client.get(URL, {"state": "MI", "after": response.context["page"].next_cursor})
    assert second.status_code == 200
    assert '<a class="btn btn-outline-secondary" href="?state=MI#results">First page</a>' in (
        second.text
    )


@pytest.mark.parametrize(
    "params",
    [
        {"after": "not-a-cursor"},
        {"after": "WyJ4Il0"},  # a valid encoding of the wrong shape
        # Datetimes that leave the calendar in UTC (OverflowError on SQLite).
        {"after": encode(["9999-12-31T23:59:59-14:00", 1])},
        {"sort": "verified", "after": encode(["0001-01-01T00:00:00+14:00", 1])},
        {"age_min": "12"},
        {"age_min": "50", "age_max": "30"},
        {"state": "XX"},
        {"language": "klingon"},
        {"sort": "random"},
        {"facility": "no-such-place"},
        # The best-match cursor names its tier: there are two.
        {"q": "chess", "after": encode([2, "2026-01-01T00:00:00+00:00", 1])},
        {"q": "chess", "after": encode(["2026-01-01T00:00:00+00:00", 1])},
    ],
)
def test_bad_parameters_get_a_400_with_a_message_not_a_500(client, params):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert b"could not be used" in response.content


@pytest.mark.parametrize("page_size", [2, 20])
def test_the_number_of_queries_does_not_grow_with_the_page(
    client, settings, django_assert_max_num_queries, page_size
):
    settings.PENPALS_DIRECTORY_PAGE_SIZE = page_size
    jurisdiction = JurisdictionFactory(state="MI")
    for i in range(25):
        PublicProfileFactory(facility=FacilityFactory(jurisdiction=jurisdiction), bio=f"{i} " * 50)

    # The page cache's version, the page itself, and the count of everyone who matches.
    with django_assert_max_num_queries(3):
        response = client.get(URL, {"state": "MI", "q": "", "sort": "verified"})

    assert len(response.context["page"].items) == page_size
    assert response.context["total"] == 25


def test_a_search_costs_one_query_a_tier_whatever_the_page_size(
    client, settings, django_assert_max_num_queries
):
    settings.PENPALS_DIRECTORY_PAGE_SIZE = 20
    PublicProfileFactory.create_batch(5, last_name="Okafor")
    PublicProfileFactory.create_batch(20, bio="I write to Mr Okafor's nephew.")

    # The page cache's version, the name matches (found by id first on PostgreSQL), the bio
    # matches, the count.
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"q": "okafor"})

    assert len(response.context["page"].items) == 20
    assert response.context["total"] == 25


def test_the_count_is_cached_for_every_page_of_the_same_filters(
    client, alice, settings, django_assert_num_queries
):
    settings.PENPALS_DIRECTORY_PAGE_SIZE = 2
    PublicProfileFactory.create_batch(3)
    client.force_login(alice)  # signed in: the whole page is not cached
    first = client.get(URL, {"sort": "verified"})

    # The page cache's version, the user, saved profiles, the page: no count (the session is
    # read from the cache).
    with django_assert_num_queries(4):
        second = client.get(URL, {"sort": "newest", "after": first.context["page"].next_cursor})

    assert second.context["total"] == 3
    assert "3 people" in second.content.decode()


def test_the_count_changes_at_once_when_a_profile_leaves(client, alice):
    leaving, _ = PublicProfileFactory.create_batch(2)
    client.force_login(alice)
    assert "2 people" in client.get(URL).content.decode()

    decide(leaving, "withdraw")

    assert "1 person" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("listed_count", "heading"),
    [(2, "2 people"), (3, "3 people"), (4, "More than 3 people"), (9, "More than 3 people")],
)
def test_past_the_count_limit_the_directory_says_more_than(client, settings, listed_count, heading):
    settings.PENPALS_DIRECTORY_COUNT_LIMIT = 3
    PublicProfileFactory.create_batch(listed_count)

    html = client.get(URL).content.decode()

    assert f">{heading}</h2>" in html


def test_more_than_in_spanish(client, settings):
    settings.PENPALS_DIRECTORY_COUNT_LIMIT = 2
    PublicProfileFactory.create_batch(3, bio="Me gustan las cartas. Letters.")

    everyone = client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    searched = client.get(URL, {"q": "letters"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert ">Más de 2 personas</h2>" in everyone
    assert ">Más de 2 personas coinciden</h2>" in searched


def test_more_than_holds_until_a_counted_profile_leaves_the_directory(settings):
    """The counted profiles are witnesses: the cached "more than 2" may live until the first of
    them leaves by the calendar, and no longer, whichever profiles were counted."""
    settings.PENPALS_DIRECTORY_COUNT_LIMIT = 2
    now = timezone.now()
    leaving = [now + timedelta(days=days) for days in (3, 10, 20, 30)]
    for leaves in leaving:
        PublicProfileFactory(expires_at=leaves, verified_at=now)
    profiles, _sort, _tiers = directory({})

    total, until = directory_summary(profiles, {}, pages_version=1)

    assert total == 3
    # Three or more are listed until then, and by day 10 only two are left.
    assert sum(leaves >= until for leaves in leaving) >= 3
    assert until <= leaving[1]


def test_a_changed_profile_shows_its_new_card_at_once(client):
    profile = PublicProfileFactory(first_name="Before", preferred_name="")
    assert b"Before" in client.get(URL).content

    profile.first_name = "After"
    profile.save()

    response = client.get(URL)
    assert response.status_code == 200
    assert b"After" in response.content and b"Before" not in response.content


def test_a_withdrawn_profile_leaves_the_directory_at_once(client):
    profile = PublicProfileFactory()
    assert listed(client) == [profile.public_id]

    decide(profile, "withdraw")

    assert listed(client) == []


def test_a_renamed_facility_shows_on_the_cards_of_signed_in_writers_at_once(client, alice):
    # Signed in, the page is rendered each time but its cards are cached: they must follow the
    # facility too, not just the profile row.
    client.force_login(alice)
    profile = PublicProfileFactory()
    client.get(URL)

    Facility.objects.filter(pk=profile.facility_id).update(name="Renamed Correctional Center")

    assert b"Renamed Correctional Center" in client.get(URL).content
