"""The correspondence log: sent, received and returned mail, and the data export."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from letters.export import letters_for_export
from letters.models import CorrespondenceLogEntry, Letter, LetterRevision

pytestmark = pytest.mark.django_db


def test_mark_as_sent_moves_the_letter_to_sent_and_logs_it(client_alice, pa_letter):
    day = timezone.localdate() - timedelta(days=1)

    response = client_alice.post(f"/letters/{pa_letter.pk}/sent", {"sent_on": day.isoformat()})

    assert response.status_code == 302
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.SENT
    assert pa_letter.sent_on == day
    entry = CorrespondenceLogEntry.objects.get()
    assert (entry.kind, entry.date, entry.letter, entry.profile) == (
        "sent",
        day,
        pa_letter,
        pa_letter.profile,
    )
    assert "Sent" in client_alice.get("/letters/").content.decode()


def test_a_sent_date_in_the_future_is_refused(client_alice, pa_letter):
    tomorrow = timezone.localdate() + timedelta(days=1)

    client_alice.post(f"/letters/{pa_letter.pk}/sent", {"sent_on": tomorrow.isoformat()})

    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.DRAFT
    assert not CorrespondenceLogEntry.objects.exists()


def test_a_letter_is_marked_sent_only_once(client_alice, pa_letter):
    client_alice.post(f"/letters/{pa_letter.pk}/sent", {"sent_on": timezone.localdate()})
    client_alice.post(f"/letters/{pa_letter.pk}/sent", {"sent_on": timezone.localdate()})

    assert CorrespondenceLogEntry.objects.count() == 1


def test_logging_a_letter_received(client_alice, pa_letter):
    response = client_alice.post(
        "/letters/log/received/",
        {
            "letter_from": pa_letter.profile.public_id,
            "date": timezone.localdate(),
            "note": "Two pages about his garden",
        },
    )

    assert response.status_code == 302
    entry = CorrespondenceLogEntry.objects.get()
    assert (entry.kind, entry.profile, entry.note) == (
        "received",
        pa_letter.profile,
        "Two pages about his garden",
    )
    page = client_alice.get("/letters/").content.decode()
    assert "Letter received" in page
    assert "Two pages about his garden" in page


def test_a_writer_can_only_log_letters_from_people_they_write_to(client_alice, bop_person):
    response = client_alice.post(
        "/letters/log/received/",
        {"letter_from": bop_person.public_id, "date": timezone.localdate(), "note": "kept"},
    )

    assert response.status_code == 400
    assert not CorrespondenceLogEntry.objects.exists()


def test_logging_returned_mail_moves_the_letter_to_returned_and_can_tell_staff(
    client_alice, pa_letter
):
    pa_letter.mark_sent(on=timezone.localdate() - timedelta(days=10))

    response = client_alice.post(
        "/letters/log/returned/",
        {
            "letter": pa_letter.pk,
            "date": timezone.localdate(),
            "reason": "transferred",
            "report": "on",
            "note": "Stamped: moved",
        },
    )

    assert response.status_code == 302
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.RETURNED
    entry = CorrespondenceLogEntry.objects.get(kind="returned")
    assert entry.return_reason == "transferred"
    assert entry.reported_to_staff is True
    assert entry.profile == pa_letter.profile


def test_the_list_offers_to_report_a_release_or_transfer_for_sent_letters(client_alice, pa_letter):
    before = client_alice.get("/letters/")
    pa_letter.mark_sent(on=timezone.localdate())

    after = client_alice.get("/letters/")

    assert (before.status_code, after.status_code) == (200, 200)
    before, after = before.content.decode(), after.content.decode()
    assert "Log a letter that came back" not in before
    assert "Log a letter that came back" in after
    assert "released or moved" in after


def test_another_writers_letter_cannot_be_logged_as_returned(client, bob, pa_letter):
    pa_letter.mark_sent(on=timezone.localdate())
    client.force_login(bob)

    response = client.post(
        "/letters/log/returned/",
        {"letter": pa_letter.pk, "date": timezone.localdate(), "reason": "unknown"},
    )

    assert response.status_code == 400
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.SENT


def test_the_export_holds_my_letters_and_log_and_no_address(alice, pa_letter, bob, bop_person):
    pa_letter.mark_sent(on=timezone.localdate())
    Letter.objects.create(writer=bob, profile=bop_person, body="Bob's private words")

    data = letters_for_export(alice)

    text = json.dumps(data)
    assert [letter["to"] for letter in data["letters"]] == ["John Doe"]
    assert data["letters"][0]["body"] == pa_letter.body
    assert data["letters"][0]["status"] == "sent"
    assert [entry["kind"] for entry in data["correspondence_log"]] == ["sent"]
    assert [c["items"] for c in data["prohibited_items_confirmations"]] == [
        ["bound_material", "nudity"]
    ]
    assert "Bob's private words" not in text
    assert "33028" not in text


def test_the_account_export_includes_letters_and_the_log(alice, pa_letter):
    from accounts.export import export_data

    pa_letter.mark_sent(on=timezone.localdate())

    data = export_data(alice)

    assert data["letters"]["letters"][0]["body"] == pa_letter.body
    assert data["letters"]["correspondence_log"][0]["kind"] == "sent"


def test_deleting_the_account_deletes_letters_revisions_and_the_log(alice, pa_letter):
    pa_letter.save_draft(base_version=1, body="changed", snapshot=True)
    pa_letter.mark_sent(on=timezone.localdate())

    alice.delete()

    assert not Letter.objects.exists()
    assert not CorrespondenceLogEntry.objects.exists()
    assert not LetterRevision.objects.exists()


def test_an_empty_draft_cannot_be_marked_as_sent(client_alice, pa_letter):
    pa_letter.body = " \n "
    pa_letter.save()

    response = client_alice.post(
        f"/letters/{pa_letter.pk}/sent", {"sent_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 400
    assert "The letter has no text yet" in response.content.decode()
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.DRAFT
    assert not CorrespondenceLogEntry.objects.exists()


def test_a_letter_without_a_return_address_is_sent_only_if_written_by_hand(
    client_alice, alice, pa_letter
):
    alice.return_address.delete()
    url = f"/letters/{pa_letter.pk}/sent"
    today = timezone.localdate().isoformat()

    refused = client_alice.post(url, {"sent_on": today})

    assert refused.status_code == 400
    assert "I wrote my return address on the envelope by hand" in refused.content.decode()
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.DRAFT

    accepted = client_alice.post(url, {"sent_on": today, "return_address_by_hand": "on"})

    assert accepted.status_code == 302
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.SENT


def test_the_model_refuses_to_mark_an_empty_letter_as_sent(pa_letter):
    pa_letter.body = ""

    with pytest.raises(ValidationError, match="no text yet"):
        pa_letter.mark_sent(on=timezone.localdate())
