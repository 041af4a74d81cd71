"""The submitter hears about every decision: recipient, staff's reason and the status link."""

import pytest
from django.core import mail
from django.urls import reverse

from moderation import emails
from profiles.emails import send_status_link
from tests.factories import FacilityFactory, ProfileFactory, PublicProfileFactory
from tests.moderation.test_admin_actions import approve_form, run_action

pytestmark = pytest.mark.django_db

# action, form, the start status, what the e-mail must say (subject part, reason text)
DECISIONS = [
    ("approve_profiles", approve_form(), "pending", "Your listing is published", ""),
    (
        "reject_profiles",
        {"reason": "no_consent", "note": "The chaplain had no record."},
        "pending",
        "was not accepted",
        "Could not confirm the person's consent",
    ),
    (
        "request_changes",
        {"note": "Please add a photo taken this year."},
        "pending",
        "Changes are needed",
        "",
    ),
    (
        "hide_profiles",
        {"note": "We are checking a complaint."},
        "approved",
        "Your listing is hidden",
        "Hidden by staff",
    ),
    ("mark_released", {"note": "The locator shows a release."}, "approved", "hidden", "Released"),
    ("expire_profiles", None, "approved", "Your listing has expired", "Listings expire"),
    (
        "erase_profiles",
        {"reason": "takedown_facility", "note": "Facility letter of May 2.", "confirm": "on"},
        "approved",
        "Your listing was removed",
        "The facility asked for the listing to be removed.",
    ),
]


@pytest.mark.parametrize(("action", "form", "start", "subject", "reason"), DECISIONS)
def test_every_decision_is_emailed_to_the_submitter(
    moderator_client, action, form, start, subject, reason
):
    factory = PublicProfileFactory if start == "approved" else ProfileFactory
    profile = factory(submitter_email="rosa@example.com")
    link = "https://penpals.example.org" + reverse("status:page", args=[profile.status_token])

    run_action(moderator_client, action, [profile], form=form)

    [message] = mail.outbox
    assert message.to == ["rosa@example.com"]
    assert subject in message.subject
    html = message.alternatives[0].content
    for part in (message.body, html):
        assert link in part
        if reason:
            assert reason.replace("'", "&#x27;") in part or reason in part
        if form and form.get("note"):
            assert form["note"] in part


def test_a_transfer_is_emailed_with_what_happens_next(moderator_client):
    profile = PublicProfileFactory(submitter_email="rosa@example.com")

    run_action(
        moderator_client,
        "mark_transferred",
        [profile],
        form={"new_facility": FacilityFactory().pk, "note": ""},
    )

    [message] = mail.outbox
    assert "back in review after a transfer" in message.subject
    assert "prisons do not forward mail" in message.body
    assert profile.status_token in message.body


def test_staff_notes_are_escaped_in_the_html_version(moderator_client):
    profile = ProfileFactory()

    run_action(
        moderator_client,
        "request_changes",
        [profile],
        form={"note": "Remove the <b>link</b> & phone number"},
    )

    html = mail.outbox[0].alternatives[0].content
    assert "Remove the &lt;b&gt;link&lt;/b&gt; &amp; phone number" in html
    assert "Remove the <b>link</b> & phone number" in mail.outbox[0].body


def test_no_email_without_a_submitter_address(moderator_client):
    profile = ProfileFactory(submitter_email="")

    run_action(moderator_client, "request_changes", [profile], form={"note": "A photo, please"})

    profile.refresh_from_db()
    assert profile.status == "changes_requested"
    assert mail.outbox == []


def test_the_status_link_is_absolute_and_uses_the_site_url(settings):
    settings.SITE_URL = "https://penpals.example.org/"
    profile = ProfileFactory()

    path = reverse("status:page", args=[profile.status_token])
    assert emails.status_url(profile) == f"https://penpals.example.org{path}"


def test_a_line_break_in_a_name_set_by_staff_does_not_break_the_e_mail():
    profile = PublicProfileFactory(first_name="Ana\nMaria", last_name="Lopez")

    send_status_link(profile)

    assert mail.outbox[0].subject == "Penpals: Your listing for Ana Maria Lopez"
