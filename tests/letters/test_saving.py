"""Drafts never lose text: autosave, the plain Save button, stale versions and revisions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from letters.models import (
    REVISIONS_KEPT,
    Letter,
    LetterRevision,
    ProhibitedItemsConfirmation,
    StaleVersion,
)
from moderation.services import decide

pytestmark = pytest.mark.django_db


def autosave(client, letter, body, version, **extra):
    return client.post(
        f"/letters/{letter.pk}/autosave", {"body": body, "version": version, **extra}
    )


def test_autosave_stores_the_text_and_returns_the_new_version_and_verdict(client_alice, pa_letter):
    response = autosave(client_alice, pa_letter, "Dear John,\r\n\r\nA new line.", 1)

    assert response.status_code == 200
    data = response.json()
    assert data["version"] == 2
    assert data["saved_at"]
    assert "Ready to print" in data["verdict_html"]
    pa_letter.refresh_from_db()
    assert pa_letter.body == "Dear John,\n\nA new line."
    assert pa_letter.version == 2


def test_autosave_saves_the_enclosures_with_the_text(client_alice, pa_letter):
    autosave(client_alice, pa_letter, "Hello", 1, photo_count=3, card_count=1)

    pa_letter.refresh_from_db()
    assert (pa_letter.photo_count, pa_letter.card_count) == (3, 1)


def test_the_prohibited_items_box_is_kept_for_the_writer_and_facility(
    client_alice, alice, pa_letter
):
    facility = pa_letter.profile.facility
    confirmed = ProhibitedItemsConfirmation.objects.filter(writer=alice, facility=facility)

    autosave(client_alice, pa_letter, "Hello", 1, prohibited_items_asked="1")
    assert not confirmed.exists()  # unticked: the box is not sent

    autosave(
        client_alice, pa_letter, "Hello", 2, prohibited_items_asked="1",
        prohibited_items_confirmed="on",
    )  # fmt: skip
    assert confirmed.get().items == ["bound_material", "nudity"]

    # A later letter to the same facility does not ask again.
    another = Letter.objects.create(writer=alice, profile=pa_letter.profile, body="Hi")
    page = client_alice.get(another.get_absolute_url()).content.decode()
    assert 'name="prohibited_items_confirmed" id="id_prohibited_items_confirmed" checked' in page
    assert "Ready to print" in page


def test_a_save_from_a_stale_version_is_refused_and_both_texts_are_kept(client_alice, pa_letter):
    autosave(client_alice, pa_letter, "Text from the first tab", 1)

    response = autosave(client_alice, pa_letter, "Text from the second tab", 1)

    assert response.status_code == 409
    data = response.json()
    panel = data.pop("conflict_html")
    assert data == {
        "conflict": True,
        "version": 2,
        "body": "Text from the first tab",
        "yours": "Text from the second tab",
    }
    assert "Keep both, the other tab's first" in panel
    pa_letter.refresh_from_db()
    assert pa_letter.body == "Text from the first tab"
    refused = pa_letter.revisions.get(reason=LetterRevision.Reason.REFUSED)
    assert refused.body == "Text from the second tab"


def test_choosing_my_text_after_a_conflict_saves_it_on_top_of_the_newer_version(
    client_alice, pa_letter
):
    autosave(client_alice, pa_letter, "First tab", 1)
    autosave(client_alice, pa_letter, "Second tab", 1)

    response = autosave(client_alice, pa_letter, "Second tab", 2)

    assert response.status_code == 200
    pa_letter.refresh_from_db()
    assert pa_letter.body == "Second tab"
    assert pa_letter.version == 3


def test_the_model_refuses_a_stale_save(pa_letter):
    stale = Letter.objects.get(pk=pa_letter.pk)
    pa_letter.save_draft(base_version=1, body="newer")

    with pytest.raises(StaleVersion) as caught:
        stale.save_draft(base_version=1, body="older")

    assert caught.value.current.body == "newer"


def test_the_plain_save_button_works_without_javascript(client_alice, pa_letter):
    response = client_alice.post(
        f"/letters/{pa_letter.pk}/",
        {"body": "Saved without a script", "version": 1, "photo_count": "2"},
    )

    assert response.status_code == 302
    pa_letter.refresh_from_db()
    assert pa_letter.body == "Saved without a script"
    assert pa_letter.photo_count == 2


def test_the_plain_save_button_shows_both_texts_on_a_conflict(client_alice, pa_letter):
    autosave(client_alice, pa_letter, "Newer text from a phone", 1)

    response = client_alice.post(
        f"/letters/{pa_letter.pk}/", {"body": "Older text from a laptop", "version": 1}
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "changed in another tab or window" in page
    assert "Newer text from a phone" in page
    assert "Older text from a laptop" in page
    # Saving again from this page keeps the writer's text deliberately.
    assert 'name="version" value="2"' in page


def test_an_overlong_letter_is_refused_with_a_message_and_the_text_is_kept(client_alice, pa_letter):
    body = "word " * 9000

    response = client_alice.post(f"/letters/{pa_letter.pk}/", {"body": body, "version": 1})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Split it into two letters" in page
    assert body.strip() in page
    assert autosave(client_alice, pa_letter, body, 1).status_code == 400


def test_a_bad_version_is_a_400_not_a_500(client_alice, pa_letter):
    assert autosave(client_alice, pa_letter, "x", "abc").status_code == 400
    assert client_alice.post(f"/letters/{pa_letter.pk}/autosave").status_code == 400


@pytest.mark.parametrize("version", ["99999999999999999999", str(2**31)])
def test_a_version_too_big_for_the_database_is_a_400_not_a_500(client_alice, pa_letter, version):
    # A refused save stores the text as a revision with this version: it must fit the column.
    assert autosave(client_alice, pa_letter, "x", version).status_code == 400
    response = client_alice.post(f"/letters/{pa_letter.pk}/", {"body": "x", "version": version})
    assert response.status_code == 400


def test_a_sent_letter_cannot_be_changed(client_alice, pa_letter):
    pa_letter.mark_sent(on=timezone.localdate())

    response = autosave(client_alice, pa_letter, "Changed later", pa_letter.version)

    assert response.status_code == 409
    pa_letter.refresh_from_db()
    assert "Changed later" not in pa_letter.body


def test_autosave_keeps_a_snapshot_at_most_every_two_minutes(pa_letter):
    pa_letter.save_draft(base_version=1, body="one")
    pa_letter.save_draft(base_version=2, body="one two")

    assert list(pa_letter.revisions.values_list("body", flat=True)) == [
        "Dear John,\n\nI hope this letter finds you well.\n\nBest wishes,\nAlice"
    ]

    pa_letter.revisions.update(created_at=timezone.now() - timedelta(minutes=3))
    pa_letter.save_draft(base_version=3, body="one two three")

    assert pa_letter.revisions.first().body == "one two"


def test_a_big_deletion_is_always_kept_as_a_revision(pa_letter):
    long_text = "A paragraph I will regret deleting. " * 10
    pa_letter.save_draft(base_version=1, body=long_text)
    pa_letter.save_draft(base_version=2, body="Oops")

    assert pa_letter.revisions.first().body == long_text


def test_only_the_last_revisions_are_kept(pa_letter):
    for version in range(1, REVISIONS_KEPT + 10):
        pa_letter.save_draft(base_version=version, body=f"text {version}", snapshot=True)

    bodies = list(pa_letter.revisions.values_list("body", flat=True))
    assert len(bodies) == REVISIONS_KEPT
    # The newest revision is the text the last save replaced.
    assert bodies[0] == f"text {REVISIONS_KEPT + 8}"


def test_restoring_a_revision_brings_the_text_back_and_keeps_the_replaced_text(
    client_alice, pa_letter
):
    pa_letter.save_draft(base_version=1, body="Good text", snapshot=True)
    pa_letter.save_draft(base_version=2, body="Bad edit", snapshot=True)
    good = pa_letter.revisions.get(body="Good text")

    response = client_alice.post(f"/letters/{pa_letter.pk}/revisions/{good.pk}/restore")

    assert response.status_code == 302
    pa_letter.refresh_from_db()
    assert pa_letter.body == "Good text"
    assert pa_letter.revisions.filter(body="Bad edit").exists()


def test_the_editor_lists_revisions_with_a_restore_button(client_alice, pa_letter):
    pa_letter.save_draft(base_version=1, body="Changed", snapshot=True)

    page = client_alice.get(f"/letters/{pa_letter.pk}/").content.decode()

    assert "Earlier versions" in page
    assert "Restore this text" in page


def test_autosave_still_works_after_the_person_is_no_longer_listed(client_alice, pa_letter):
    decide(pa_letter.profile, "mark_released")

    response = autosave(client_alice, pa_letter, "Kept for later", 1, prohibited_items_asked="1")

    assert response.status_code == 200
    assert "no longer listed" in response.json()["verdict_html"]


def test_first_letter_prompts_are_offered_but_never_inserted_unasked(client_alice, pa_person):
    client_alice.post(f"/letters/new/?to={pa_person.public_id}")
    letter = Letter.objects.get()

    page = client_alice.get(f"/letters/{letter.pk}/").content.decode()

    assert letter.body == ""
    assert "Ideas for a first letter" in page
    assert "Introduce yourself" in page
    assert "Put these ideas into my letter as notes" in page
