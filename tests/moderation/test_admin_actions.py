"""Every decision through the admin actions, and every refused one."""

import pytest
from django.core import mail
from django.utils import timezone

from moderation import lifecycle
from moderation.models import ProfileEvent, Report
from moderation.services import decide
from profiles.models import ALLOWED_TRANSITIONS, Profile
from tests.factories import FacilityFactory, ProfileFactory, PublicProfileFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Profile.Status
CHANGELIST = "/admin/profiles/profile/?status=all"


def run_action(client, action, profiles, form=None, **extra):
    data = {
        "action": action,
        "_selected_action": [p.pk for p in profiles],
        "select_across": "0",
        **extra,
    }
    if form is not None:
        data.update(form, apply="1")
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def approve_form():
    return {
        "verified_on": timezone.localdate().isoformat(),
        "verification_method": "state_locator",
        "verification_note": "OTIS shows him active at this facility",
        "consent_method": "letter",
        "consent_note": "",
        "note": "Welcome to the directory.",
    }


# action name -> (form data or None for a one-click action, the status it leads to)
ACTIONS = {
    "approve_profiles": (approve_form, S.APPROVED),
    "reject_profiles": (lambda: {"reason": "no_consent", "note": "No reply."}, S.REJECTED),
    "request_changes": (lambda: {"note": "Please add a recent photo."}, S.CHANGES_REQUESTED),
    "hide_profiles": (lambda: {"note": "Checking a complaint."}, S.HIDDEN),
    "unhide_profiles": (None, S.APPROVED),
    "mark_released": (lambda: {"note": "Locator shows released."}, S.HIDDEN),
    "mark_transferred": (lambda: {"new_facility": FacilityFactory().pk, "note": ""}, S.PENDING),
    "expire_profiles": (None, S.EXPIRED),
    "erase_profiles": (
        lambda: {"reason": "takedown_person", "note": "", "confirm": "on"},
        S.ERASED,
    ),
}


def allowed(action, start):
    target = ACTIONS[action][1]
    if action == "unhide_profiles":
        return start == S.HIDDEN
    if action == "mark_transferred":
        # Only a listing that was published moves; a listing under review is simply edited.
        return start in (S.APPROVED, S.HIDDEN, S.EXPIRED)
    return target in ALLOWED_TRANSITIONS[start]


@pytest.mark.parametrize("start", S.values)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_applies_or_refuses_by_the_state_machine(
    moderator_client, moderator, action, start
):
    hidden_reason = "staff" if start == S.HIDDEN else ""
    profile = ProfileFactory(status=start, hidden_reason=hidden_reason)
    make_form, target = ACTIONS[action]

    response = run_action(
        moderator_client, action, [profile], form=make_form() if make_form else None
    )

    assert response.status_code == 200
    profile.refresh_from_db()
    events = list(profile.events.all())
    if allowed(action, start):
        assert profile.status == target
        assert len(events) == 1
        event = events[0]
        assert (event.actor, event.from_status, event.to_status) == (moderator, start, target)
        assert not any(m.startswith("Not changed") for m in messages_of(response))
    else:
        assert profile.status == start
        assert events == []
        assert any(m.startswith("Not changed") for m in messages_of(response))
        assert mail.outbox == []


def test_approve_records_the_verification_and_consent(moderator_client, moderator):
    profile = ProfileFactory()

    run_action(moderator_client, "approve_profiles", [profile], form=approve_form())

    profile.refresh_from_db()
    assert profile.custody_verified_on == timezone.localdate()
    assert profile.custody_verification_method == "state_locator"
    assert profile.custody_verification_note == "OTIS shows him active at this facility"
    assert profile.consent_method == "letter"
    assert Profile.objects.public().filter(pk=profile.pk).exists()
    assert profile.events.get().note == "Welcome to the directory."


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"consent_method": ""}, "This field is required"),
        ({"verification_method": ""}, "This field is required"),
        ({"verified_on": ""}, "This field is required"),
        ({"consent_method": "other"}, "Describe how consent was confirmed"),
        ({"verified_on": "2099-01-01"}, "cannot be in the future"),
    ],
)
def test_approve_without_a_full_record_shows_the_form_again(moderator_client, change, error):
    profile = ProfileFactory()

    response = run_action(
        moderator_client, "approve_profiles", [profile], form={**approve_form(), **change}
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert "OTIS shows him active" in response.content.decode()  # what staff typed is kept
    profile.refresh_from_db()
    assert profile.status == S.PENDING
    assert not profile.events.exists()


def test_choosing_approve_opens_the_verification_form_and_changes_nothing(moderator_client):
    profile = ProfileFactory()

    response = run_action(moderator_client, "approve_profiles", [profile])

    page = response.content.decode()
    assert "Custody verified on" in page
    assert "How the person&#x27;s consent was confirmed" in page
    assert f'name="_selected_action" value="{profile.pk}"' in page
    profile.refresh_from_db()
    assert profile.status == S.PENDING


def test_reject_needs_a_reason_from_the_list(moderator_client):
    profile = ProfileFactory()

    response = run_action(
        moderator_client, "reject_profiles", [profile], form={"reason": "because", "note": ""}
    )

    assert "Select a valid choice" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == S.PENDING


def test_request_changes_needs_a_note(moderator_client):
    profile = ProfileFactory()

    run_action(moderator_client, "request_changes", [profile], form={"note": ""})

    profile.refresh_from_db()
    assert profile.status == S.PENDING


def test_bulk_action_applies_to_the_allowed_and_names_the_refused(moderator_client, moderator):
    pending = ProfileFactory.create_batch(2)
    already_rejected = ProfileFactory(status=S.REJECTED, last_name="Refusedperson")

    response = run_action(
        moderator_client,
        "reject_profiles",
        [*pending, already_rejected],
        form={"reason": "duplicate", "note": ""},
    )

    for profile in pending:
        profile.refresh_from_db()
        assert profile.status == S.REJECTED
    already_rejected.refresh_from_db()
    assert not already_rejected.events.exists()
    found = messages_of(response)
    assert "Rejected 2 listings." in found
    assert any("Not changed" in m and "Refusedperson" in m for m in found)
    assert len(mail.outbox) == 2


def test_transfer_moves_the_listing_back_to_the_queue_at_the_new_facility(moderator_client):
    profile = PublicProfileFactory()
    new_facility = FacilityFactory(name="Bellamy Creek Correctional Facility")

    run_action(
        moderator_client,
        "mark_transferred",
        [profile],
        form={"new_facility": new_facility.pk, "note": ""},
    )

    profile.refresh_from_db()
    assert (profile.status, profile.facility) == (S.PENDING, new_facility)
    assert profile.events.get().reason == "transferred"


def test_the_transfer_form_searches_facilities_instead_of_listing_them_all(moderator_client):
    profile = PublicProfileFactory()
    FacilityFactory(name="Bellamy Creek Correctional Facility")

    response = run_action(moderator_client, "mark_transferred", [profile])
    page = response.content.decode()
    found = moderator_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "profiles",
            "model_name": "profile",
            "field_name": "facility",
            "term": "Bellamy",
        },
    ).json()

    assert response.status_code == 200
    assert "admin-autocomplete" in page
    assert "Bellamy Creek" not in page
    # With the place: same-named prisons are told apart.
    assert [result["text"] for result in found["results"]] == [
        "Bellamy Creek Correctional Facility (Springfield, ZZ)"
    ]


def test_transfer_to_the_same_facility_is_refused(moderator_client):
    profile = PublicProfileFactory()

    response = run_action(
        moderator_client,
        "mark_transferred",
        [profile],
        form={"new_facility": profile.facility.pk, "note": ""},
    )

    assert any("already on the listing" in m for m in messages_of(response))
    profile.refresh_from_db()
    assert profile.status == S.APPROVED


def test_released_or_transferred_listing_tells_writers_who_saved_it(moderator_client):
    from accounts.models import SavedProfile

    released, moved = PublicProfileFactory.create_batch(2)
    writer = UserFactory(email="writer@example.com")
    SavedProfile.objects.create(user=writer, profile=released)
    SavedProfile.objects.create(user=writer, profile=moved)

    run_action(moderator_client, "mark_released", [released], form={"note": ""})
    run_action(
        moderator_client,
        "mark_transferred",
        [moved],
        form={"new_facility": FacilityFactory().pk, "note": ""},
    )

    to_writer = [m for m in mail.outbox if m.to == ["writer@example.com"]]
    assert len(to_writer) == 2
    assert "has been released" in to_writer[0].body
    assert "do not forward mail" in to_writer[1].body
    sent = len(mail.outbox)
    lifecycle.run()  # the daily job's catch-up does not tell them twice
    assert len(mail.outbox) == sent


def test_erase_wipes_the_person_and_the_reports_and_tells_the_submitter(moderator_client):
    profile = PublicProfileFactory(
        first_name="Dana", last_name="Doe", submitter_email="family@example.com"
    )
    Report.objects.create(
        profile=profile, reason="takedown", details="I am Dana's victim", reporter_key="ip:x"
    )

    run_action(
        moderator_client,
        "erase_profiles",
        [profile],
        form={"reason": "takedown_person", "note": "Confirmed by phone.", "confirm": "on"},
    )

    profile.refresh_from_db()
    assert profile.status == S.ERASED
    assert (profile.last_name, profile.submitter_email) == ("", "")
    report = profile.reports.get()
    assert (report.details, report.status, report.resolution) == ("", "resolved", "erased")
    [message] = mail.outbox
    assert message.to == ["family@example.com"]
    assert "Dana Doe" in message.body
    assert "The person listed asked for the listing to be removed." in message.body
    assert profile.events.get().reason == "takedown_person"


def test_erase_needs_the_confirmation(moderator_client):
    profile = PublicProfileFactory()

    run_action(
        moderator_client,
        "erase_profiles",
        [profile],
        form={"reason": "takedown_person", "note": ""},
    )

    profile.refresh_from_db()
    assert profile.status == S.APPROVED


def test_a_decision_from_the_change_page_returns_to_it(moderator_client):
    profile = ProfileFactory(status=S.HIDDEN, hidden_reason="staff")

    response = moderator_client.post(
        CHANGELIST,
        {
            "action": "unhide_profiles",
            "_selected_action": [profile.pk],
            "select_across": "0",
            "_from_change": "1",
        },
    )

    assert response.status_code == 302
    assert response.url == f"/admin/profiles/profile/{profile.pk}/change/"


@pytest.mark.parametrize("start", S.values)
def test_the_change_page_offers_the_decisions_the_status_allows(moderator_client, start):
    profile = ProfileFactory(status=start, hidden_reason="staff" if start == S.HIDDEN else "")

    page = moderator_client.get(f"/admin/profiles/profile/{profile.pk}/change/").content.decode()

    offered = {action for action in ACTIONS if f'name="action" value="{action}"' in page}
    assert offered == {action for action in ACTIONS if allowed(action, start)}


def test_a_hidden_by_reports_listing_made_visible_again_is_emailed(moderator_client):
    # The family was told it was hidden pending review; they are told it is back.
    profile = PublicProfileFactory()
    decide(profile, "hide", reason="takedown_report")
    mail.outbox.clear()

    run_action(moderator_client, "unhide_profiles", [profile])

    profile.refresh_from_db()
    assert profile.status == S.APPROVED
    assert [m.subject for m in mail.outbox] == ["Penpals: Your listing is visible again"]


def test_staff_cannot_delete_the_history(moderator_client, moderator):
    profile = PublicProfileFactory()
    decide(profile, "hide", by=moderator)

    page = moderator_client.get(f"/admin/profiles/profile/{profile.pk}/change/")

    assert page.status_code == 200
    assert "events-0-DELETE" not in page.content.decode()
    assert moderator_client.get("/admin/profiles/profileevent/").status_code == 404
    assert not moderator.has_perm("profiles.delete_profileevent")
    assert not moderator.has_perm("profiles.change_profileevent")
    assert not moderator.has_perm("profiles.delete_profile")
    response = moderator_client.post(
        f"/admin/profiles/profile/{profile.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert ProfileEvent.objects.filter(profile=profile).count() == 1


def test_decisions_show_in_the_admin_log_and_erasure_scrubs_it(moderator_client):
    from django.contrib.admin.models import LogEntry

    profile = PublicProfileFactory(first_name="Dana", last_name="Doe")

    run_action(moderator_client, "hide_profiles", [profile], form={"note": ""})
    assert "Dana Doe" in LogEntry.objects.get().object_repr

    run_action(
        moderator_client,
        "erase_profiles",
        [profile],
        form={"reason": "takedown_person", "note": "", "confirm": "on"},
    )
    assert LogEntry.objects.count() == 2
    assert not LogEntry.objects.filter(object_repr__contains="Doe").exists()
