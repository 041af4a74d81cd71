"""Moderation's records: the audit trail of every decision, reports about listings, and the
e-mails the lifecycle sent once.

Profiles own their data and their state machine (`profiles.models`); what staff, families,
reporters and the daily job decide is taken by `moderation.services.decide`, which writes the
`ProfileEvent` and sends what the step sends, whoever asked.
"""

import re
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.models import HiddenReason, InvalidTransition, Profile, RejectionReason


class ProfileEvent(models.Model):
    """One step in a profile's life: the audit trail staff read on the change page."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Empty when the submitter, a reporter or the daily lifecycle job acted.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Profile.Status)
    to_status = models.CharField(max_length=20, choices=Profile.Status)
    reason = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"

    @property
    def family_note(self):
        return note_for_family(self.note)

    @property
    def reason_label(self):
        """The reason in words, for the submitter's status page."""
        for choices in (RejectionReason, HiddenReason):
            if self.reason in choices.values:
                return choices(self.reason).label
        return EVENT_REASONS.get(self.reason, self.reason.replace("_", " "))


# Notes the site writes itself (the family's own actions, the daily job): shown to the family in
# their language. Notes staff type are shown as written.
AUTOMATIC_NOTES = {
    "Edited by the submitter.": _("Edited by the submitter."),
    "Release reported by the submitter.": _("Release reported by the submitter."),
    "Restored after reviewing the reports.": _("Restored after reviewing the reports."),
    "The listing reached its expiry date.": _("The listing reached its expiry date."),
    "Custody has not been verified recently; staff will check again.": _(
        "Custody has not been verified recently; staff will check again."
    ),
}
RELEASE_DATE_NOTE = re.compile(r"The projected release date \((.+)\) has passed\.")


def note_for_family(note):
    """An event's note as the family reads it, in the active language."""
    if note in AUTOMATIC_NOTES:
        return str(AUTOMATIC_NOTES[note])
    match = RELEASE_DATE_NOTE.fullmatch(note)
    if match:
        try:
            day = datetime.strptime(match[1], "%B %d, %Y").date()
        except ValueError:
            return note
        return gettext("The projected release date (%(date)s) has passed.") % {
            "date": formats.date_format(day)
        }
    return note


EVENT_REASONS = {
    "transferred": _("Transferred to another facility"),
    "resubmitted": _("Sent again for review"),
    "renewed": _("Renewed"),
    "withdrawn": _("Withdrawn"),
    "expired": _("The listing period ended"),
}


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """A visitor's report about a listing, from the form on every profile page."""

    class Reason(models.TextChoices):
        TAKEDOWN = "takedown", _("This is about me or my family and I want it taken down")
        MONEY_REQUEST = "money_request", _("The person asked for money, or it looks like a scam")
        RELEASED = "released", _("The person has been released")
        TRANSFERRED = "transferred", _("The person has been moved to another facility")
        WRONG_ADDRESS = "wrong_address", _("The mailing address is wrong")
        INAPPROPRIATE = "inappropriate", _("Inappropriate content")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    class Resolution(models.TextChoices):
        ACTED = "acted", _("Staff changed the listing")
        NO_ACTION = "no_action", _("Checked: nothing to change")
        RESTORED = "restored", _("Listing restored after review")
        ERASED = "erased", _("Listing erased")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=Reason)
    details = models.TextField(blank=True, help_text="What the reporter wrote.")
    contact_email = models.EmailField(
        blank=True, help_text="Optional: where the reporter agreed to be contacted."
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when a signed-in writer reported.",
    )
    # One value per person as far as we can tell (the account, or a keyed hash of the IP
    # address): "three different reporters" counts distinct values. The raw IP is never stored.
    reporter_key = models.CharField(max_length=80, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    resolution = models.CharField(max_length=20, choices=Resolution, blank=True)
    resolution_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "resolved", "dismissed"]),
                name="report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    reason__in=[
                        "takedown",
                        "money_request",
                        "released",
                        "transferred",
                        "wrong_address",
                        "inappropriate",
                    ]
                ),
                name="report_reason_valid",
            ),
        ]
        indexes = [
            # The moderation queue counts open reports per profile; thresholds count reporters.
            models.Index(fields=["profile", "status", "reason"], name="report_profile_open"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} (report {self.pk})"

    def close(self, *, by, status, resolution, note=""):
        """Resolve or dismiss; a closed report stays closed."""
        if self.status != self.Status.OPEN:
            raise InvalidTransition("This report is already closed.")
        self.status = status
        self.resolution = resolution
        self.resolution_note = note
        self.resolved_by = by
        self.resolved_at = timezone.now()
        self.save()


class Notice(models.Model):
    """An e-mail the lifecycle sent, recorded so that each one goes out exactly once."""

    class Kind(models.TextChoices):
        RENEWAL_REMINDER = "renewal_reminder", "Renewal reminder to the submitter"
        SAVED_PROFILE_HIDDEN = "saved_profile_hidden", "Saved listing hidden, to a writer"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=30, choices=Kind)
    # What makes this notice unique within its kind: the expiry date it reminds of, or the
    # event and the writer it told.
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="notice_sent_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"
