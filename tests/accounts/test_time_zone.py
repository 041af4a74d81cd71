"""A writer's pages show times in the writer's time zone: the browser's at sign-up or first
sign-in, or the one chosen on the account page. Visitors get the site's."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from letters.models import Letter
from tests.accounts.test_signup import PASSWORD, signup_data
from tests.factories import WriterFactory
from tests.letters.fixtures import pa_facility, pa_person

__all__ = ["pa_facility", "pa_person"]

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_sign_up_keeps_the_browsers_time_zone(client):
    client.post("/accounts/signup/", signup_data(time_zone="America/Chicago"))

    assert User.objects.get(email="robin@example.com").time_zone == "America/Chicago"


@pytest.mark.parametrize("sent", ["", "Mars/Olympus_Mons", "UTC\x00"])
def test_sign_up_without_a_known_time_zone_uses_the_sites(client, sent):
    response = client.post("/accounts/signup/", signup_data(time_zone=sent))

    assert response.status_code == 302
    assert User.objects.get(email="robin@example.com").time_zone == ""


def test_the_first_sign_in_keeps_the_browsers_time_zone_and_later_ones_do_not_change_it(client):
    writer = WriterFactory(email="wren@example.com", password=PASSWORD)
    login = {"login": "wren@example.com", "password": PASSWORD}

    client.post("/accounts/login/", {**login, "time_zone": "America/Denver"})
    client.logout()
    client.post("/accounts/login/", {**login, "time_zone": "Europe/Paris"})

    writer.refresh_from_db()
    assert writer.time_zone == "America/Denver"


def test_a_writer_chooses_a_time_zone_on_the_account_page(client, alice):
    client.force_login(alice)

    response = client.post(
        "/accounts/profile/",
        {"section": "name", "name-display_name": "Alice", "name-time_zone": "Pacific/Honolulu"},
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.time_zone == "Pacific/Honolulu"


def test_an_unknown_time_zone_is_refused_with_a_message(client, alice):
    client.force_login(alice)

    response = client.post(
        "/accounts/profile/",
        {"section": "name", "name-display_name": "Alice", "name-time_zone": "Nowhere/Atlantis"},
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    alice.refresh_from_db()
    assert alice.time_zone == ""


def test_letter_times_are_shown_in_the_writers_time_zone(client, alice, pa_person):
    alice.time_zone = "Pacific/Honolulu"  # 10 hours behind UTC, 5 behind New York in winter
    alice.save()
    moment = datetime.datetime(2026, 12, 1, 3, 30, tzinfo=datetime.UTC)
    Letter.objects.create(writer=alice, profile=pa_person, body="Hi", updated_at=moment)
    client.force_login(alice)

    with time_machine.travel(moment + datetime.timedelta(days=7)):
        page = client.get("/letters/").content.decode()

    # 5:30 p.m. on November 30 in Honolulu; 10:30 p.m. in New York, the site's time zone.
    assert "November 30, 2026 at 5:30 p.m." in page


def test_the_time_zone_is_only_the_requests_own(client, alice, pa_person):
    alice.time_zone = "Pacific/Honolulu"
    alice.save()
    client.force_login(alice)
    client.get("/letters/")

    assert timezone.get_current_timezone() == ZoneInfo("America/New_York")
