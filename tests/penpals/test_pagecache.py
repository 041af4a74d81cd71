"""The page cache for visitors: fast repeat views, and never a listing that should be gone."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from facilities.models import Facility, Jurisdiction, MailPolicy
from moderation.services import decide
from profiles.models import Profile
from profiles.search import NEW_FOR
from tests.factories import ProfileFactory, PublicProfileFactory, WriterFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/profiles/"


def served(client, url):
    """The page's content, once it is known to be the page (200): text missing from an error
    page would prove nothing."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content


@pytest.fixture
def listed():
    return PublicProfileFactory(first_name="Marcus", last_name="Holloway", preferred_name="")


def test_a_repeat_visit_costs_one_query_and_gets_the_same_page(
    client, listed, django_assert_num_queries
):
    first = client.get(listed.get_absolute_url())

    with django_assert_num_queries(1):  # the version of the public pages
        again = Client().get(listed.get_absolute_url())

    assert again.status_code == 200
    csrf = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub(b"", again.content) == csrf.sub(b"", first.content)
    assert b"Marcus" in again.content


def withdraw(profile):
    decide(profile, "withdraw")


def hide_by_staff(profile):
    decide(profile, "hide", by=WriterFactory(is_staff=True))


def queryset_update(profile):
    Profile.objects.filter(pk=profile.pk).update(status="hidden")


def bulk_update(profile):
    profile.status = "hidden"
    Profile.objects.bulk_update([profile], ["status"])


def delete(profile):
    profile.delete()


def raw_sql(profile):
    # What a data migration, a dbshell session or another program does: no model code runs.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE profiles_profile SET status = 'hidden' WHERE id = %s", [profile.pk])


@pytest.mark.parametrize(
    "take_down", [withdraw, hide_by_staff, queryset_update, bulk_update, delete, raw_sql]
)
def test_a_listing_taken_down_by_any_write_disappears_from_cached_pages_at_once(
    client, listed, take_down
):
    other = PublicProfileFactory(first_name="Andre", preferred_name="")
    assert b"Marcus" in client.get(DIRECTORY).content
    assert client.get(listed.get_absolute_url()).status_code == 200

    take_down(listed)

    directory = served(client, DIRECTORY)
    assert b"Marcus" not in directory and b"Andre" in directory
    assert client.get(listed.get_absolute_url()).status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 200


def test_withdrawal_through_the_status_link_clears_the_cached_pages(client, listed):
    assert b"Marcus" in client.get(DIRECTORY).content

    Client().post(f"/profiles/status/{listed.status_token}/withdraw/")

    assert b"Marcus" not in served(client, DIRECTORY)
    assert client.get(listed.get_absolute_url()).status_code == 404


def test_a_published_listing_appears_in_a_cached_directory_at_once(client, listed):
    assert b"Andre" not in served(client, DIRECTORY)

    PublicProfileFactory(first_name="Andre", preferred_name="")

    assert b"Andre" in client.get(DIRECTORY).content


def rename_facility(facility):
    facility.name = "Renamed Correctional Center"
    facility.save()


def rename_facility_in_bulk(facility):
    Facility.objects.filter(pk=facility.pk).update(name="Renamed Correctional Center")


@pytest.mark.parametrize("rename", [rename_facility, rename_facility_in_bulk])
def test_facility_changes_reach_cached_cards_and_profile_pages(client, listed, rename):
    client.get(DIRECTORY), client.get(listed.get_absolute_url())

    rename(listed.facility)

    assert b"Renamed Correctional Center" in client.get(DIRECTORY).content
    assert b"Renamed Correctional Center" in client.get(listed.get_absolute_url()).content


def test_mail_policy_changes_reach_the_cached_address(client, listed):
    assert b"MAIL CENTER" not in served(client, listed.get_absolute_url())

    MailPolicy.objects.filter(jurisdiction=listed.facility.jurisdiction).update(
        mailing_address_template="{name} {number}\nMAIL CENTER\nP.O. Box 1\nAnytown, ZZ 00001"
    )

    assert b"MAIL CENTER" in client.get(listed.get_absolute_url()).content


def test_a_jurisdiction_change_has_the_profile_page_rendered_anew(client, listed):
    client.get(listed.get_absolute_url())
    assert client.get(listed.get_absolute_url()).context is None  # served from the cache

    Jurisdiction.objects.filter(pk=listed.facility.jurisdiction_id).update(name="Renamed DOC")

    assert client.get(listed.get_absolute_url()).context is not None


# With a count limit of 1, Marcus is not among the profiles counted (the first two made).
@pytest.mark.parametrize("count_limit", [1000, 1])
@pytest.mark.parametrize("deadline", ["expires_at", "verified_at"])
def test_a_cached_page_is_not_kept_past_a_listed_profile_leaving_by_the_calendar(
    client, settings, deadline, count_limit
):
    settings.PENPALS_DIRECTORY_COUNT_LIMIT = count_limit
    PublicProfileFactory.create_batch(2, first_name="Andre", preferred_name="")
    now = timezone.now()
    max_age = timedelta(days=settings.PENPALS_VERIFICATION_MAX_AGE_DAYS)
    leaves_in_a_minute = {
        "expires_at": {"expires_at": now + timedelta(minutes=1)},
        "verified_at": {"verified_at": now - max_age + timedelta(minutes=1)},
    }[deadline]
    profile = PublicProfileFactory(first_name="Marcus", preferred_name="", **leaves_in_a_minute)
    with time_machine.travel(now, tick=False):
        assert b"Marcus" in client.get(DIRECTORY).content
        assert client.get(profile.get_absolute_url()).status_code == 200

    with time_machine.travel(now + timedelta(minutes=2), tick=False):
        assert b"Marcus" not in served(client, DIRECTORY)
        assert client.get(profile.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count_limit", [1000, 1])
def test_new_this_month_is_not_kept_past_a_listing_turning_a_month_old(
    client, settings, count_limit
):
    settings.PENPALS_DIRECTORY_COUNT_LIMIT = count_limit
    now = timezone.now()
    PublicProfileFactory.create_batch(2, first_name="Andre", preferred_name="")
    PublicProfileFactory(
        first_name="Marcus", preferred_name="", published_at=now - NEW_FOR + timedelta(minutes=1)
    )
    url = f"{DIRECTORY}?new=on"
    with time_machine.travel(now, tick=False):
        assert "Marcus" in served(client, url).decode()

    with time_machine.travel(now + timedelta(minutes=2), tick=False):
        html = served(client, url).decode()

    assert "Marcus" not in html
    assert (">2 people match<" if count_limit > 1 else ">More than 1 people match<") in html


def test_the_report_form_on_a_cached_page_works_for_another_visitor(listed):
    Client().get(listed.get_absolute_url())  # caches the page
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(listed.get_absolute_url())
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)[1]
    response = visitor.post(
        f"/profiles/{listed.public_id}/report/",
        {"reason": "wrong_address", "csrfmiddlewaretoken": token.decode()},
    )

    assert page.context is None  # it was the cached copy
    assert response.status_code == 200
    assert listed.reports.count() == 1


def test_signed_in_writers_see_their_own_saved_stars_on_a_cached_page(client, listed):
    writer = WriterFactory()
    writer.saved_profiles.create(profile=listed)
    assert b"Sign in to save" in Client().get(listed.get_absolute_url()).content

    client.force_login(writer)
    page = served(client, listed.get_absolute_url()).decode()

    assert "Sign in to save" not in page
    assert save_buttons(page) == {listed.public_id: "unsave"}


def save_buttons(page):
    """{public id: the action its Save button takes} on a page."""
    forms = re.findall(
        r'action="/accounts/saved/([^/"]+)/".*?name="action" value="(\w+)"', page, re.S
    )
    return dict(forms)


def writer_client():
    client = Client()
    client.force_login(WriterFactory())
    return client


@pytest.mark.parametrize("url", ["directory", "profile"])
def test_each_writer_gets_the_cached_page_with_their_own_saved_stars_current(
    listed, url, django_assert_num_queries
):
    other = PublicProfileFactory(first_name="Andre", preferred_name="")
    url = DIRECTORY if url == "directory" else listed.get_absolute_url()
    alice, bob = writer_client(), writer_client()
    alice.post(f"/accounts/saved/{listed.public_id}/", {"action": "save"})
    served(alice, url)  # the message about saving shows on this one, rendered for alice alone
    assert served(alice, url)  # rendered once more, for the cache

    # The writer, the pages' version, the writer's saved profiles: the page is the cached one.
    with django_assert_num_queries(3):
        response = bob.get(url)

    assert response.context is None
    page = response.content.decode()
    assert save_buttons(page) == {
        p.public_id: "save" for p in (listed, other) if p.public_id in page
    }
    assert save_buttons(served(alice, url).decode())[listed.public_id] == "unsave"

    # Bob's token on the cached page is his: his Save works, and shows at once.
    bob_csrf = Client(enforce_csrf_checks=True)
    bob_csrf.cookies = bob.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    saved = bob_csrf.post(
        f"/accounts/saved/{listed.public_id}/",
        {"action": "save", "csrfmiddlewaretoken": token},
    )
    assert saved.status_code == 302
    served(bob, url)  # the message
    assert save_buttons(served(bob, url).decode())[listed.public_id] == "unsave"
    alice.post(f"/accounts/saved/{listed.public_id}/", {"action": "unsave"})
    served(alice, url)
    assert save_buttons(served(alice, url).decode())[listed.public_id] == "save"


def test_a_withdrawn_listing_disappears_at_once_for_visitors_and_signed_in_writers(listed):
    visitor, writer = Client(), writer_client()
    for client in (visitor, writer):
        assert b"Marcus" in served(client, DIRECTORY)
        assert b"Marcus" in served(client, listed.get_absolute_url())
        assert client.get(DIRECTORY).context is None  # cached

    decide(listed, "withdraw")

    for client in (visitor, writer):
        assert b"Marcus" not in served(client, DIRECTORY)
        assert client.get(listed.get_absolute_url()).status_code == 404


def test_a_writer_in_another_time_zone_gets_a_page_of_their_own(listed):
    here, away = writer_client(), Client()
    away_writer = WriterFactory(time_zone="Pacific/Honolulu")
    away.force_login(away_writer)
    served(here, listed.get_absolute_url())

    # Dates (the last custody check) are shown in each writer's own time zone.
    assert away.get(listed.get_absolute_url()).context is not None


def test_a_visitor_with_a_message_waiting_sees_it(client, listed):
    Client().get(DIRECTORY)  # caches the page
    writer = WriterFactory()
    client.force_login(writer)

    response = client.post("/accounts/logout/", {"next": DIRECTORY}, follow=True)

    assert response.redirect_chain[-1][0] == DIRECTORY
    assert "You have signed out" in response.content.decode()


def test_turned_off_it_renders_every_time(client, listed, settings, django_assert_num_queries):
    settings.PENPALS_PAGE_CACHE_SECONDS = 0
    client.get(listed.get_absolute_url())

    with django_assert_num_queries(3):  # the profile, the override, the jurisdiction's policy
        response = client.get(listed.get_absolute_url())

    assert response.status_code == 200
    assert response.context is not None  # rendered, not served from the cache


def test_a_new_submission_leaves_cached_pages_in_place(client, listed, django_assert_num_queries):
    # Pending listings are on no public page: families submitting must not empty the cache.
    client.get(DIRECTORY)
    ProfileFactory(facility=listed.facility, first_name="Andre", preferred_name="")

    with django_assert_num_queries(1):
        page = served(client, DIRECTORY)

    assert b"Andre" not in page


def test_a_stricter_visibility_setting_takes_effect_at_once(client, settings):
    checked_long_ago = timezone.now() - timedelta(days=100)
    profile = PublicProfileFactory(
        first_name="Marcus", preferred_name="", verified_at=checked_long_ago
    )
    assert b"Marcus" in client.get(DIRECTORY).content

    settings.PENPALS_VERIFICATION_MAX_AGE_DAYS = 90

    assert b"Marcus" not in served(client, DIRECTORY)
    assert client.get(profile.get_absolute_url()).status_code == 404


def test_a_new_count_limit_takes_effect_at_once(client, settings):
    PublicProfileFactory.create_batch(3)
    assert ">3 people<" in served(client, DIRECTORY).decode()

    settings.PENPALS_DIRECTORY_COUNT_LIMIT = 2

    assert ">More than 2 people<" in served(client, DIRECTORY).decode()


def test_migrate_retires_every_cached_page(client, listed):
    from pagecache import install_triggers

    client.get(listed.get_absolute_url())

    install_triggers()  # what every `migrate` runs: a deploy's new templates show at once

    assert client.get(listed.get_absolute_url()).context is not None
    # ... and the triggers are still there.
    decide(listed, "withdraw")
    assert client.get(listed.get_absolute_url()).status_code == 404


def test_pages_still_render_when_the_cache_is_down(client, listed, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache server unreachable")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set_many", down)

    assert b"Marcus" in client.get(DIRECTORY).content
    assert client.get(listed.get_absolute_url()).status_code == 200
    assert client.get("/profiles/no-such-id/").status_code == 404


@pytest.mark.parametrize("page_size", [2, 20])
def test_a_writers_cached_directory_costs_three_queries_whatever_the_page_holds(
    settings, page_size, django_assert_num_queries
):
    settings.PENPALS_DIRECTORY_PAGE_SIZE = page_size
    profiles = PublicProfileFactory.create_batch(20)
    writer = WriterFactory()
    for profile in profiles[::2]:
        writer.saved_profiles.create(profile=profile)
    client = Client()
    client.force_login(writer)
    served(client, DIRECTORY)

    # The writer, the pages' version, the writer's saved profiles.
    with django_assert_num_queries(3):
        page = served(client, DIRECTORY).decode()

    assert list(save_buttons(page).values()).count("unsave") == page_size // 2


@pytest.mark.parametrize("url", ["directory", "profile"])
def test_with_the_cache_off_a_writer_still_sees_their_saved_stars(listed, settings, url):
    settings.PENPALS_PAGE_CACHE_SECONDS = 0
    url = DIRECTORY if url == "directory" else listed.get_absolute_url()
    writer = WriterFactory()
    writer.saved_profiles.create(profile=listed)
    client = Client()
    client.force_login(writer)

    response = client.get(url)

    assert response.context is not None  # rendered
    assert save_buttons(response.content.decode()) == {listed.public_id: "unsave"}


@pytest.mark.parametrize("url", ["directory", "profile"])
def test_a_writers_cached_page_is_the_page_rendered_for_them(listed, settings, url):
    PublicProfileFactory(first_name="Andre", preferred_name="")
    url = DIRECTORY if url == "directory" else listed.get_absolute_url()
    writer = WriterFactory()
    writer.saved_profiles.create(profile=listed)
    client = Client()
    client.force_login(writer)
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')

    settings.PENPALS_PAGE_CACHE_SECONDS = 0
    rendered = client.get(url).content.decode()
    settings.PENPALS_PAGE_CACHE_SECONDS = 300
    client.get(url)  # rendered for the cache, both forms of each Save button
    cached = client.get(url)

    assert cached.context is None
    assert csrf.sub("", cached.content.decode()) == csrf.sub("", rendered)
