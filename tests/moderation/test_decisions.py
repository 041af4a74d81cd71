from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from moderation.models import ProfileEvent
from moderation.services import decide
from profiles.models import (
    ALLOWED_TRANSITIONS,
    STEP_TARGETS,
    HiddenReason,
    InvalidTransition,
    Profile,
)
from tests.factories import FacilityFactory, ProfileFactory, PublicProfileFactory, approve

pytestmark = pytest.mark.django_db
S = Profile.Status


def test_approve_publishes_and_records_verification(staff, settings):
    settings.PENPALS_LISTING_DURATION_DAYS = 365
    profile = ProfileFactory()

    event = approve(profile, staff, verification_note="Found in the locator")

    profile.refresh_from_db()
    assert profile.status == S.APPROVED
    assert profile.custody_verification_method == "state_locator"
    assert profile.verified_at and profile.published_at
    assert profile.expires_at - profile.verified_at == timedelta(days=365)
    assert (event.actor, event.from_status, event.to_status) == (staff, S.PENDING, S.APPROVED)
    assert Profile.objects.public().filter(pk=profile.pk).exists()


@pytest.mark.parametrize(
    "missing",
    [{"verified_on": None}, {"verification_method": ""}, {"consent_method": ""}],
)
def test_approve_without_verification_or_consent_is_refused(staff, missing):
    profile = ProfileFactory()

    with pytest.raises(InvalidTransition):
        approve(profile, staff, **missing)

    profile.refresh_from_db()
    assert profile.status == S.PENDING
    assert not profile.events.exists()


def test_consent_method_other_needs_a_note(staff):
    with pytest.raises(InvalidTransition, match="Describe"):
        approve(ProfileFactory(), staff, consent_method="other")


def test_reject_needs_a_listed_reason(staff):
    profile = ProfileFactory()

    with pytest.raises(InvalidTransition):
        decide(profile, "reject", by=staff, reason="because")
    decide(profile, "reject", by=staff, reason="no_consent", note="No reply from the chaplain")

    assert profile.status == S.REJECTED
    assert profile.events.get().reason == "no_consent"


def test_request_changes_needs_a_note(staff):
    profile = ProfileFactory()

    with pytest.raises(InvalidTransition):
        decide(profile, "request_changes", by=staff, note="  ")
    decide(profile, "request_changes", by=staff, note="Please use a recent photo.")

    assert profile.status == S.CHANGES_REQUESTED


def test_hide_and_unhide(staff):
    profile = PublicProfileFactory()

    decide(profile, "hide", by=staff, note="Checking a report")
    assert not Profile.objects.public().filter(pk=profile.pk).exists()
    decide(profile, "unhide", by=staff)

    assert Profile.objects.public().filter(pk=profile.pk).exists()
    assert [e.to_status for e in profile.events.all()] == [S.HIDDEN, S.APPROVED]


def test_released_listing_cannot_simply_be_unhidden(staff):
    profile = PublicProfileFactory()
    decide(profile, "mark_released", by=staff)

    with pytest.raises(InvalidTransition, match="verify custody again"):
        decide(profile, "unhide", by=staff)
    assert profile.hidden_reason == HiddenReason.RELEASED


def test_transfer_sends_the_listing_back_to_review_at_the_new_facility(staff):
    profile = PublicProfileFactory()
    new_facility = FacilityFactory()

    decide(profile, "mark_transferred", by=staff, new_facility=new_facility)

    profile.refresh_from_db()
    assert profile.status == S.PENDING
    assert profile.facility == new_facility
    assert profile.verified_at is None
    assert not Profile.objects.public().filter(pk=profile.pk).exists()


def test_withdraw_hides_at_once():
    profile = PublicProfileFactory()

    decide(profile, "withdraw", note="The family asked")

    assert not Profile.objects.public().filter(pk=profile.pk).exists()
    assert profile.events.get().actor is None


def test_withdraw_deletes_the_photo_files_so_old_urls_stop_working(
    photo_storage, django_capture_on_commit_callbacks
):
    profile = with_photo(PublicProfileFactory())
    names = [profile.photo.name, profile.photo_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        decide(profile, "withdraw")

    profile.refresh_from_db()
    assert (profile.photo.name, profile.photo_thumbnail.name) == ("", "")
    assert not any(default_storage.exists(name) for name in names)


def test_a_refused_erase_deletes_no_photo(staff, photo_storage):
    profile = PublicProfileFactory(status="erased")
    profile.photo.save("p.jpg", ContentFile(b"jpeg bytes"))

    with pytest.raises(InvalidTransition):
        decide(profile, "erase", by=staff, reason="takedown")

    assert default_storage.exists(profile.photo.name)


def test_erase_removes_personal_data_and_photo_files(
    staff, photo_storage, django_capture_on_commit_callbacks
):
    profile = PublicProfileFactory(offense_summary="Burglary")
    profile.photo.save("p.jpg", ContentFile(b"jpeg bytes"))
    decide(profile, "hide", by=staff, note="Ms. Doe says she never agreed")
    photo_name = profile.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        decide(profile, "erase", by=staff, reason="takedown", note="Confirmed by phone")

    profile.refresh_from_db()
    assert profile.status == S.ERASED
    assert (profile.last_name, profile.inmate_number, profile.bio, profile.photo.name) == (
        "",
        "",
        "",
        "",
    )
    assert profile.submitter_email == ""
    assert not default_storage.exists(photo_name)
    events = list(profile.events.all())
    assert events[-1].reason == "takedown"
    assert events[0].note == ""  # earlier notes may quote personal data


def with_photo(profile):
    profile.photo.save("p.jpg", ContentFile(b"photo bytes"))
    profile.photo_thumbnail.save("t.jpg", ContentFile(b"thumbnail bytes"))
    # The tests below check that files are gone: they must have been there.
    assert default_storage.exists(profile.photo.name)
    assert default_storage.exists(profile.photo_thumbnail.name)
    return profile


@pytest.mark.parametrize(
    "leave",
    [
        lambda profile, staff: decide(profile, "hide", by=staff),
        lambda profile, staff: decide(profile, "mark_released", by=staff),
        lambda profile, staff: decide(profile, "expire"),
        lambda profile, staff: decide(
            profile, "mark_transferred", by=staff, new_facility=FacilityFactory()
        ),
    ],
    ids=["hidden", "released", "expired", "transferred"],
)
def test_a_listing_that_stops_being_public_gets_new_photo_urls(
    staff, leave, photo_storage, django_capture_on_commit_callbacks
):
    profile = with_photo(PublicProfileFactory())
    old = [profile.photo.name, profile.photo_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        leave(profile, staff)

    profile.refresh_from_db()
    assert not any(default_storage.exists(name) for name in old)  # copied links stop working
    new = [profile.photo.name, profile.photo_thumbnail.name]
    assert set(new).isdisjoint(old)
    with profile.photo.open() as photo, profile.photo_thumbnail.open() as thumbnail:
        assert (photo.read(), thumbnail.read()) == (b"photo bytes", b"thumbnail bytes")


def test_a_listing_that_was_never_public_keeps_its_photo_files(
    staff, photo_storage, django_capture_on_commit_callbacks
):
    # Its photo URLs were only ever shown to staff and the submitter: nothing to retire.
    profile = with_photo(ProfileFactory())
    names = (profile.photo.name, profile.photo_thumbnail.name)

    with django_capture_on_commit_callbacks(execute=True):
        decide(profile, "reject", by=staff, reason="no_consent")

    profile.refresh_from_db()
    assert (profile.photo.name, profile.photo_thumbnail.name) == names
    assert all(default_storage.exists(name) for name in names)


def test_a_rolled_back_step_keeps_the_photo_the_listing_points_to(staff, photo_storage):
    from django.db import transaction

    profile = with_photo(PublicProfileFactory())

    with pytest.raises(RuntimeError), transaction.atomic():
        decide(profile, "hide", by=staff)
        raise RuntimeError("a later step failed")

    profile.refresh_from_db()
    assert profile.status == S.APPROVED
    assert default_storage.exists(profile.photo.name)


def test_a_missing_photo_file_does_not_block_a_takedown(staff, photo_storage):
    profile = with_photo(PublicProfileFactory())
    default_storage.delete(profile.photo.name)

    decide(profile, "hide", by=staff, reason="takedown_report")

    profile.refresh_from_db()
    assert profile.status == S.HIDDEN


def step_data(step):
    """What each step needs to be taken (valid, so only the status can refuse it)."""
    return {
        "approve": {
            "verified_on": timezone.localdate(),
            "verification_method": "state_locator",
            "consent_method": "letter",
        },
        "reject": {"reason": "no_consent"},
        "request_changes": {"note": "Please add a date."},
        "mark_transferred": {"new_facility": FacilityFactory()},
        "erase": {"reason": "takedown"},
    }.get(step, {})


@pytest.mark.parametrize(
    ("start", "step"),
    [
        (start, step)
        for start in S.values
        for step, target in STEP_TARGETS.items()
        if target not in ALLOWED_TRANSITIONS[start]
    ],
)
def test_every_step_outside_the_state_machine_is_refused(start, step):
    profile = ProfileFactory(status=start)

    with pytest.raises(InvalidTransition):
        decide(profile, step, **step_data(step))

    profile.refresh_from_db()
    assert profile.status == start
    assert not ProfileEvent.objects.filter(profile=profile).exists()


def test_a_failing_transition_is_not_half_applied(staff, monkeypatch):
    profile = PublicProfileFactory()

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ProfileEvent.objects, "create", fail)
    with pytest.raises(RuntimeError):
        decide(profile, "hide", by=staff)

    profile.refresh_from_db()
    assert profile.status == S.APPROVED


def test_the_status_constraint_rejects_unknown_states():
    from django.db import IntegrityError

    profile = ProfileFactory()

    with pytest.raises(IntegrityError):
        Profile.objects.filter(pk=profile.pk).update(status="published")
