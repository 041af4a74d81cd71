"""Letters are private: a stranger gets 404, anonymous visitors are sent to sign in."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.html import strip_tags

from letters.models import Letter
from moderation.services import decide
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def letter_urls(letter):
    return [
        ("get", f"/letters/{letter.pk}/"),
        ("get", f"/letters/{letter.pk}/pdf"),
        ("post", f"/letters/{letter.pk}/"),
        ("post", f"/letters/{letter.pk}/autosave"),
        ("post", f"/letters/{letter.pk}/ready"),
        ("post", f"/letters/{letter.pk}/sent"),
    ]


def test_another_writer_gets_404_for_every_letter_page(client, bob, pa_letter):
    client.force_login(bob)

    for method, url in letter_urls(pa_letter):
        response = getattr(client, method)(url, {"body": "hijack", "version": 1})
        assert response.status_code == 404, url
    pa_letter.refresh_from_db()
    assert "hijack" not in pa_letter.body
    assert pa_letter.version == 1


@pytest.mark.parametrize("action", ["restore", "merge"])
def test_another_writer_cannot_restore_or_merge_a_revision_of_my_letter(
    client, bob, pa_letter, action
):
    revision = pa_letter.revisions.create(body="old", version=1, reason="refused")
    client.force_login(bob)

    response = client.post(
        f"/letters/{pa_letter.pk}/revisions/{revision.pk}/{action}", {"version": 1}
    )

    assert response.status_code == 404
    pa_letter.refresh_from_db()
    assert pa_letter.version == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, pa_letter):
    urls = [("get", "/letters/"), ("get", "/letters/new/?to=x")] + letter_urls(pa_letter)
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next="), url


def test_the_list_shows_only_my_letters(client_alice, pa_letter, bob, bop_person):
    Letter.objects.create(writer=bob, profile=bop_person, body="Bob's letter")

    response = client_alice.get("/letters/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "John Doe" in page
    assert "Maria" not in page


def test_a_draft_can_only_be_started_to_a_public_profile(client_alice, pa_facility):
    pending = ProfileFactory(facility=pa_facility, inmate_number="CD5678")

    response = client_alice.get(f"/letters/new/?to={pending.public_id}")
    posted = client_alice.post(f"/letters/new/?to={pending.public_id}")

    assert response.status_code == 404
    assert posted.status_code == 404
    assert not Letter.objects.exists()
    assert pending.inmate_number not in response.content.decode()


def test_starting_a_letter_asks_first_then_creates_the_draft_on_post(client_alice, pa_person):
    asked = client_alice.get(f"/letters/new/?to={pa_person.public_id}")
    assert asked.status_code == 200
    assert not Letter.objects.exists()

    response = client_alice.post(f"/letters/new/?to={pa_person.public_id}")

    letter = Letter.objects.get()
    assert letter.writer.email == "alice@example.com"
    assert letter.profile == pa_person
    assert letter.status == Letter.Status.DRAFT
    assert response["Location"] == f"/letters/{letter.pk}/"


def test_the_editor_shows_the_scam_warning_and_the_exact_envelope(client_alice, pa_letter):
    response = client_alice.get(f"/letters/{pa_letter.pk}/")

    page = strip_tags(response.content.decode())
    assert response.status_code == 200
    assert "Never send money." in page
    assert "JOHN DOE/AB1234" in page
    assert "PO Box 33028" in page


@pytest.mark.parametrize("change", ["mark_released", "withdraw"])
def test_a_letter_to_a_profile_no_longer_public_keeps_its_text_but_not_the_address(
    client_alice, pa_letter, change
):
    getattr(pa_letter.profile, change)()

    response = client_alice.get(f"/letters/{pa_letter.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "I hope this letter finds you well." in page
    assert "PO Box 33028" not in page
    assert "AB1234" not in page
    assert "no longer listed" in page


def test_an_erased_profile_leaves_the_letter_without_a_name(client_alice, pa_letter, staff):
    decide(pa_letter.profile, "erase", by=staff, reason="takedown")

    response = client_alice.get("/letters/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "A person no longer listed" in page
    assert "John" not in page


def test_deleting_a_profile_keeps_the_writers_letter(pa_letter):
    pa_letter.profile.delete()

    pa_letter.refresh_from_db()
    assert pa_letter.profile is None
    assert pa_letter.is_addressable is False
    assert "finds you well" in pa_letter.body


def test_the_list_page_query_count_does_not_grow_with_letters(
    client_alice, pa_letter, alice, bop_person, django_assert_max_num_queries
):
    for _ in range(5):
        Letter.objects.create(writer=alice, profile=bop_person, body="More")
        Letter.objects.create(writer=alice, profile=pa_letter.profile, body="More")

    with django_assert_max_num_queries(8):
        response = client_alice.get("/letters/")

    assert response.status_code == 200
