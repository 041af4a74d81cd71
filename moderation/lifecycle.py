"""The daily listing lifecycle: listings go stale visibly instead of silently.

`run()` is idempotent: every step selects only listings still in the state it acts on, and every
reminder is recorded as a `Notice`, so a second run on the same day changes and sends nothing.
Its decisions go through `services.decide` like everyone else's: the family is e-mailed and
writers who saved the listing are told in the same transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import dateformat, timezone

from profiles.models import (
    RENEWAL_WINDOW_DAYS,
    HiddenReason,
    InvalidTransition,
    PhotoUpload,
    Profile,
)

from . import emails
from .services import decide


def run():
    """Apply the lifecycle as of now; returns how many listings or e-mails each step touched."""
    now = timezone.now()
    approved = Profile.objects.filter(status=Profile.Status.APPROVED)
    counts = {
        "expired": _apply(approved.filter(expires_at__lte=now), _expire),
        "stale": _apply(
            approved.filter(
                verified_at__lte=now - timedelta(days=settings.PENPALS_VERIFICATION_MAX_AGE_DAYS)
            ),
            _hide_stale,
        ),
        "released": _apply(
            approved.filter(
                release_date__lt=timezone.localdate(now)
                - timedelta(days=settings.PENPALS_RELEASE_GRACE_DAYS)
            ),
            _hide_released,
        ),
    }
    counts["reminded"] = sum(
        emails.send_renewal_reminder(profile)
        for profile in Profile.objects.filter(
            status=Profile.Status.APPROVED,
            expires_at__gt=now,
            expires_at__lte=now + timedelta(days=RENEWAL_WINDOW_DAYS),
        ).exclude(submitter_email="")
    )
    counts["photo_uploads_deleted"] = _delete_stale_photo_uploads()
    return counts


def _delete_stale_photo_uploads():
    """Photos chosen on forms that were never sent are kept a day, then deleted."""
    stale = list(PhotoUpload.objects.stale())
    for upload in stale:
        upload.delete_with_files()
    return len(stale)


def _apply(queryset, step):
    done = 0
    for profile in queryset.select_related("facility__jurisdiction"):
        try:
            step(profile)
        except InvalidTransition:
            continue  # changed by someone else since the query; the next run looks again
        done += 1
    return done


def _expire(profile):
    return decide(profile, "expire", note="The listing reached its expiry date.")


def _hide_stale(profile):
    return decide(
        profile,
        "hide",
        reason=HiddenReason.STALE_VERIFICATION,
        note="Custody has not been verified recently; staff will check again.",
    )


def _hide_released(profile):
    return decide(
        profile,
        "hide",
        reason=HiddenReason.RELEASE_DATE_PASSED,
        note=f"The projected release date ({dateformat.format(profile.release_date, 'F j, Y')}) "
        "has passed.",
    )
