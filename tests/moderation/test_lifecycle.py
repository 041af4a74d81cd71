"""`run_lifecycle` with the clock moved forward: listings go stale visibly, and only once."""

import os
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import SavedProfile
from moderation.models import Notice, ProfileEvent
from profiles.models import Profile
from tests.factories import ProfileFactory, PublicProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lifecycle_settings(settings):
    settings.PENPALS_LISTING_DURATION_DAYS = 365
    settings.PENPALS_VERIFICATION_MAX_AGE_DAYS = 180
    settings.PENPALS_RELEASE_GRACE_DAYS = 14


def run_lifecycle():
    out = StringIO()
    call_command("run_lifecycle", stdout=out)
    return out.getvalue()


def later(days):
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=False)


def state():
    """Everything the job may change or send."""
    return (
        sorted(Profile.objects.values_list("pk", "status", "hidden_reason")),
        ProfileEvent.objects.count(),
        Notice.objects.count(),
        len(mail.outbox),
    )


def public(profile):
    return Profile.objects.public().filter(pk=profile.pk).exists()


def test_a_listing_past_its_expiry_expires_and_the_submitter_gets_the_renewal_link(settings):
    settings.PENPALS_VERIFICATION_MAX_AGE_DAYS = 1000
    profile = PublicProfileFactory(
        expires_at=timezone.now() + timedelta(days=10), submitter_email="rosa@example.com"
    )

    with later(11):
        output = run_lifecycle()

    profile.refresh_from_db()
    assert profile.status == "expired"
    event = profile.events.get()
    assert (event.actor, event.from_status, event.reason) == (None, "approved", "expired")
    [message] = [m for m in mail.outbox if "expired" in m.subject]
    assert message.to == ["rosa@example.com"]
    assert reverse("status:page", args=[profile.status_token]) in message.body
    assert "Expired 1" in output


def test_the_renewal_reminder_goes_out_30_days_before_expiry_once(settings):
    settings.PENPALS_VERIFICATION_MAX_AGE_DAYS = 1000
    profile = PublicProfileFactory(
        expires_at=timezone.now() + timedelta(days=40), submitter_email="rosa@example.com"
    )

    run_lifecycle()
    assert mail.outbox == []

    with later(15):
        run_lifecycle()
        run_lifecycle()
    with later(16):
        run_lifecycle()

    [reminder] = mail.outbox
    assert reminder.to == ["rosa@example.com"]
    assert "expires soon" in reminder.subject
    assert reverse("status:page", args=[profile.status_token]) in reminder.body
    assert reverse("status:page", args=[profile.status_token]) in (reminder.alternatives[0].content)
    profile.refresh_from_db()
    assert profile.status == "approved"


def test_a_listing_with_a_stale_custody_check_is_hidden_until_staff_verify_again():
    profile = PublicProfileFactory()

    with later(180 - 1):
        run_lifecycle()
        assert public(profile)
    with later(180 + 1):
        run_lifecycle()
        assert not public(profile)

    profile.refresh_from_db()
    assert (profile.status, profile.hidden_reason) == ("hidden", "stale_verification")
    assert profile.events.get().reason == "stale_verification"


def test_a_listing_past_its_release_date_and_the_grace_period_is_hidden():
    profile = PublicProfileFactory(release_date=timezone.localdate() + timedelta(days=5))

    with later(5 + 14):
        run_lifecycle()
        profile.refresh_from_db()
        assert profile.status == "approved"
    with later(5 + 14 + 1):
        run_lifecycle()

    profile.refresh_from_db()
    assert (profile.status, profile.hidden_reason) == ("hidden", "release_date_passed")


def test_writers_who_saved_a_listing_hear_once_when_it_is_hidden_for_release_or_expiry(
    settings,
):
    settings.PENPALS_VERIFICATION_MAX_AGE_DAYS = 1000
    released = PublicProfileFactory(
        preferred_name="Marcus", release_date=timezone.localdate() + timedelta(days=1)
    )
    expiring = PublicProfileFactory(
        preferred_name="Dee", expires_at=timezone.now() + timedelta(days=20)
    )
    writer = UserFactory(email="writer@example.com")
    other_writer = UserFactory(email="other@example.com")
    SavedProfile.objects.create(user=writer, profile=released)
    SavedProfile.objects.create(user=writer, profile=expiring)
    SavedProfile.objects.create(user=other_writer, profile=expiring)

    with later(30):
        run_lifecycle()
        run_lifecycle()

    to_writers = sorted(
        (m.to[0], m.subject) for m in mail.outbox if m.to[0].endswith("writer@example.com")
    ) + sorted((m.to[0], m.subject) for m in mail.outbox if m.to == ["other@example.com"])
    assert to_writers == [
        ("writer@example.com", "Penpals: Update about Dee, whom you saved on Penpals"),
        ("writer@example.com", "Penpals: Update about Marcus, whom you saved on Penpals"),
        ("other@example.com", "Penpals: Update about Dee, whom you saved on Penpals"),
    ]


def test_a_stale_check_does_not_alarm_writers():
    profile = PublicProfileFactory()
    SavedProfile.objects.create(user=UserFactory(email="writer@example.com"), profile=profile)

    with later(200):
        run_lifecycle()

    profile.refresh_from_db()
    assert (profile.status, profile.hidden_reason) == ("hidden", "stale_verification")
    assert [m for m in mail.outbox if m.to == ["writer@example.com"]] == []


def test_listings_waiting_for_staff_are_left_alone():
    pending = ProfileFactory(release_date=timezone.localdate())
    hidden = ProfileFactory(status="hidden", hidden_reason="staff")

    with later(400):
        run_lifecycle()

    pending.refresh_from_db()
    hidden.refresh_from_db()
    assert (pending.status, hidden.status) == ("pending", "hidden")
    assert not ProfileEvent.objects.exists()


def test_a_second_run_changes_and_sends_nothing():
    expiring = PublicProfileFactory(expires_at=timezone.now() + timedelta(days=5))
    PublicProfileFactory(expires_at=timezone.now() + timedelta(days=30))  # reminder due
    PublicProfileFactory(release_date=timezone.localdate() - timedelta(days=30))
    PublicProfileFactory(verified_at=timezone.now() - timedelta(days=175))
    PublicProfileFactory()  # nothing due
    SavedProfile.objects.create(user=UserFactory(), profile=expiring)

    with later(10):
        run_lifecycle()
        after_first = state()
        output = run_lifecycle()
        after_second = state()

    assert after_first == after_second
    statuses = sorted(status for _, status, _ in after_first[0])
    assert statuses == ["approved", "approved", "expired", "hidden", "hidden"]
    assert "Expired 0, hidden for a stale check 0, hidden after release 0" in output
    assert "renewal reminders 0, unsent photos deleted 0" in output


def test_a_mail_outage_queues_each_reminder_once_for_the_outbox_to_retry(settings):
    from outbox.models import OutgoingEmail
    from tests.outbox.smtp import closed_port

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.PENPALS_VERIFICATION_MAX_AGE_DAYS = 1000
    PublicProfileFactory(expires_at=timezone.now() + timedelta(days=20))

    run_lifecycle()
    run_lifecycle()

    # Recorded with the queued e-mail: the outbox's worker retries it, the next run does not.
    assert Notice.objects.count() == 1
    (email,) = OutgoingEmail.objects.all()
    assert "expires soon" in email.subject


def test_photos_of_forms_never_sent_are_deleted_after_a_day(
    client, django_capture_on_commit_callbacks
):
    from profiles.models import PhotoUpload
    from tests.factories import FacilityFactory
    from tests.profiles.submission import submission

    client.post(reverse("profiles:submit"), submission(FacilityFactory(), bio="Too short."))
    upload = PhotoUpload.objects.get()
    files = [upload.photo.path, upload.thumbnail.path]
    assert all(os.path.exists(path) for path in files)

    with later(days=0), django_capture_on_commit_callbacks(execute=True):
        assert "unsent photos deleted 0" in run_lifecycle()
    with later(days=1.01), django_capture_on_commit_callbacks(execute=True):
        assert "unsent photos deleted 1" in run_lifecycle()

    assert not PhotoUpload.objects.exists()
    assert not any(os.path.exists(path) for path in files)
