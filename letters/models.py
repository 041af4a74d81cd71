"""Letters writers draft to people in the directory, their revisions, and the correspondence log.

A letter points to the profile it is written to with SET_NULL, not PROTECT: a takedown or an
erasure must never be blocked by somebody's draft, and the writer's own words must survive it.
The letter stores no copy of the person's name, number or address; those are read from the
profile when the letter is addressed or printed, and only while the profile is public
(`Letter.is_addressable`). A released, transferred, withdrawn or erased person's address is
therefore never shown again, even to a writer who had it before.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import has_return_address
from letters.merge import merge
from profiles.models import Profile

# A bad edit can be undone from the last few snapshots; older ones are pruned.
REVISIONS_KEPT = 20
# Autosave runs every few seconds: keep a snapshot at most this often, plus before big deletions.
SNAPSHOT_INTERVAL = timedelta(minutes=2)
BIG_DELETION_CHARS = 200

# About 15 printed pages: more than any facility accepts in one envelope.
MAX_BODY_CHARS = 40_000


class StaleVersion(Exception):
    """A save based on an older version than the one stored (the draft is open elsewhere).

    `current` is the letter as stored; `refused` the revision that keeps the refused text."""

    def __init__(self, current, refused):
        super().__init__("This letter was changed in another tab or window.")
        self.current = current
        self.refused = refused


class NotEditable(Exception):
    """The letter was mailed: its text stays as it was sent."""


class LetterQuerySet(models.QuerySet):
    def with_addressable(self):
        """Annotate `addressable`: the profile is public, so its address may be shown."""
        return self.annotate(
            addressable=Exists(Profile.objects.public().filter(pk=OuterRef("profile_id")))
        )


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        READY = "ready", gettext_lazy("Ready to print")
        SENT = "sent", gettext_lazy("Sent")
        RETURNED = "returned", gettext_lazy("Returned")

    EDITABLE = (Status.DRAFT, Status.READY)

    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letters"
    )
    profile = models.ForeignKey(
        Profile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
        help_text="Empty if the profile was deleted; the writer's text is kept.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    body = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up by one on every save; a save from an older one is refused."
    )
    # What the writer says goes in the envelope with the letter.
    photo_count = models.PositiveSmallIntegerField("photos enclosed", default=0)
    photos_include_polaroids = models.BooleanField("some photos are Polaroids", default=False)
    card_count = models.PositiveSmallIntegerField("greeting cards enclosed", default=0)
    shared_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The latest version a page was given (the editor, or a conflict's answer). "
        "Its text is kept as a revision before a save replaces it, so that a tab still "
        "holding it can merge against it.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_on = models.DateField(null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "ready", "sent", "returned"]),
                name="letter_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "ready"]) | Q(sent_on__isnull=False),
                name="letter_mailed_has_sent_on",
            ),
        ]
        indexes = [
            # "My letters" lists one writer's letters, most recently changed first.
            models.Index(fields=["writer", "-updated_at"], name="letter_writer_recent"),
        ]

    def __str__(self):
        return f"Letter {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("letters:edit", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_addressable(self):
        """Whether the person's name, number and address may be shown and printed."""
        if hasattr(self, "addressable"):
            return self.addressable
        return (
            self.profile_id is not None
            and Profile.objects.public().filter(pk=self.profile_id).exists()
        )

    @property
    def recipient_name(self):
        """How the writer's pages name the person, without revealing an erased profile."""
        if self.profile is None or self.profile.status == Profile.Status.ERASED:
            return "A person no longer listed"
        return f"{self.profile.display_name} {self.profile.last_name}".strip()

    def save_draft(self, *, base_version, snapshot=False, **fields):
        """Save new text and enclosures if nobody saved since `base_version`.

        Raises StaleVersion (after keeping the refused text as a revision) when the letter
        changed meanwhile, NotEditable once the letter was mailed. The conditional UPDATE is
        the lock: it works the same on SQLite and PostgreSQL.
        """
        with transaction.atomic():
            current = Letter.objects.get(pk=self.pk)
            if not current.is_editable:
                raise NotEditable
            now = timezone.now()
            updated = current.version == base_version and Letter.objects.filter(
                pk=self.pk, version=base_version
            ).update(version=base_version + 1, updated_at=now, **fields)
            new_body = fields.get("body", current.body)
            if (
                updated
                and new_body != current.body
                and current.needs_snapshot(new_body, now, snapshot)
            ):
                current.revisions.create(
                    body=current.body, version=current.version, reason=LetterRevision.Reason.SAVED
                )
                current.prune_revisions()
        if not updated:
            # Outside the transaction: the refused text is kept even though the save fails.
            refused = current.revisions.create(
                body=fields.get("body", ""),
                version=base_version,
                reason=LetterRevision.Reason.REFUSED,
            )
            current.prune_revisions()
            stored = Letter.objects.get(pk=self.pk)
            # The refused tab is about to be given the stored version to merge onto.
            stored.hand_out()
            raise StaleVersion(stored, refused)
        self.refresh_from_db()

    def hand_out(self):
        """Note that a page now holds this version: its text must stay findable as the base
        of a later merge (see `shared_version`)."""
        Letter.objects.filter(pk=self.pk).update(shared_version=self.version)
        self.shared_version = self.version

    def needs_snapshot(self, new_body, now, forced):
        # A text another page holds is a merge's base: keep it whatever else is true.
        if forced or self.version == self.shared_version:
            return True
        if len(self.body) - len(new_body) >= BIG_DELETION_CHARS:
            return True
        last = self.revisions.filter(reason=LetterRevision.Reason.SAVED).first()
        return last is None or now - last.created_at >= SNAPSHOT_INTERVAL

    def prune_revisions(self):
        keep = self.revisions.values_list("pk", flat=True)[:REVISIONS_KEPT]
        self.revisions.exclude(pk__in=list(keep)).delete()

    def restore(self, revision):
        """Put an earlier text back; the text it replaces becomes a revision itself."""
        self.save_draft(base_version=self.version, snapshot=True, body=revision.body)

    def merge_with(self, refused):
        """The stored text and a refused one merged against the text both started from (see
        `letters.merge`). Without that text (pruned), paragraphs both share are kept once."""
        base = self.revisions.filter(
            reason=LetterRevision.Reason.SAVED, version=refused.version
        ).first()
        return merge(base.body if base else None, self.body, refused.body)

    def sending_problems(self, *, return_address_by_hand=False):
        """Why this letter cannot be marked as sent: a letter needs words, and an envelope a
        return address (from the account, or written by hand) or the prison returns it."""
        problems = []
        if not self.body.strip():
            problems.append(_("The letter has no text yet: write it before you mark it as sent."))
        if not return_address_by_hand and not has_return_address(self.writer):
            problems.append(
                _(
                    "Add your return address on your account page, or tick “I wrote my return "
                    "address on the envelope by hand”: prisons return mail without one."
                )
            )
        return problems

    def mark_ready(self):
        self._set_status(self.Status.READY)

    def mark_sent(self, *, on, return_address_by_hand=False):
        """Record that the letter went in the mail on `on`, with a log entry.

        Raises ValidationError when it cannot have been (see `sending_problems`)."""
        problems = self.sending_problems(return_address_by_hand=return_address_by_hand)
        if problems:
            raise ValidationError(problems)
        with transaction.atomic():
            self._set_status(self.Status.SENT, sent_on=on)
            return CorrespondenceLogEntry.objects.create(
                writer=self.writer,
                profile=self.profile,
                letter=self,
                kind=CorrespondenceLogEntry.Kind.SENT,
                date=on,
            )

    def _set_status(self, status, **changes):
        for field, value in changes.items():
            setattr(self, field, value)
        self.status = status
        self.updated_at = timezone.now()
        self.save(update_fields=["status", "updated_at", *changes])


class ProhibitedItemsConfirmation(models.Model):
    """A writer's word that their envelopes to one facility hold none of the items its mail
    policy prohibits: asked once per writer and facility, not for every letter."""

    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="prohibited_items_confirmations",
    )
    facility = models.ForeignKey("facilities.Facility", on_delete=models.CASCADE, related_name="+")
    items = models.JSONField(
        default=list,
        help_text="The prohibited-item tags the policy listed when the writer confirmed: "
        "items added later are asked about again.",
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["writer", "facility"], name="prohibiteditems_once_per_writer_facility"
            ),
        ]

    def __str__(self):
        return f"{self.writer} confirmed the prohibited items of facility {self.facility_id}"

    @classmethod
    def unconfirmed(cls, writer, facility, policy):
        """The policy's prohibited-item tags `writer` has not confirmed for `facility`."""
        confirmation = cls.objects.filter(writer=writer, facility=facility).first()
        confirmed = set(confirmation.items) if confirmation else set()
        return [tag for tag in policy.prohibited_items if tag not in confirmed]

    @classmethod
    def record(cls, writer, facility, policy, *, confirmed):
        """Keep (or, unticked, drop) the writer's word for every item the policy lists now."""
        if confirmed:
            cls.objects.update_or_create(
                writer=writer,
                facility=facility,
                defaults={"items": list(policy.prohibited_items), "confirmed_at": timezone.now()},
            )
        else:
            cls.objects.filter(writer=writer, facility=facility).delete()


class LetterRevision(models.Model):
    """An earlier text of a letter: a periodic snapshot, or a save refused as stale."""

    class Reason(models.TextChoices):
        SAVED = "saved", "Earlier text"
        REFUSED = "refused", "Text from another tab, not saved over newer text"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(blank=True)
    version = models.PositiveIntegerField(help_text="The letter version this text was based on.")
    reason = models.CharField(max_length=10, choices=Reason, default=Reason.SAVED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=["saved", "refused"]), name="letterrevision_reason_valid"
            ),
        ]

    def __str__(self):
        return f"Revision of letter {self.letter_id} from {self.created_at:%Y-%m-%d %H:%M}"


class CorrespondenceLogEntry(models.Model):
    """A letter sent, a letter received, or mail that came back."""

    class Kind(models.TextChoices):
        SENT = "sent", gettext_lazy("Letter sent")
        RECEIVED = "received", gettext_lazy("Letter received")
        RETURNED = "returned", gettext_lazy("Mail returned")

    class ReturnReason(models.TextChoices):
        UNKNOWN = "unknown", gettext_lazy("No reason given")
        RELEASED = "released", gettext_lazy("The person was released")
        TRANSFERRED = "transferred", gettext_lazy("The person was moved to another facility")
        REJECTED = "rejected", gettext_lazy("Refused by the mailroom (a mail rule)")
        ADDRESS = "address", gettext_lazy("Address or number not accepted")

    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="correspondence_log"
    )
    profile = models.ForeignKey(
        Profile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correspondence_log",
    )
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="log_entries"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    date = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    return_reason = models.CharField(max_length=12, choices=ReturnReason, blank=True)
    reported_to_staff = models.BooleanField(
        default=False,
        help_text="The writer asked staff to check the listing (a release or transfer).",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "correspondence log entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["sent", "received", "returned"]),
                name="correspondencelog_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="returned") | Q(return_reason=""),
                name="correspondencelog_reason_only_when_returned",
            ),
        ]
        indexes = [
            # "My letters" shows one writer's log, newest first.
            models.Index(fields=["writer", "-date"], name="corrlog_writer_recent"),
            # Staff review returned mail reported as a release or transfer.
            models.Index(
                fields=["created_at"],
                condition=Q(reported_to_staff=True),
                name="corrlog_reported",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date}"

    @classmethod
    def log_returned(cls, *, writer, letter=None, profile=None, date, reason, note="", report):
        """Mail came back: log it, move the letter to returned, and flag it for staff if asked."""
        with transaction.atomic():
            if letter is not None:
                profile = letter.profile
                if letter.status == Letter.Status.SENT:
                    letter._set_status(Letter.Status.RETURNED)
            return cls.objects.create(
                writer=writer,
                profile=profile,
                letter=letter,
                kind=cls.Kind.RETURNED,
                date=date,
                note=note,
                return_reason=reason,
                reported_to_staff=report,
            )


class ReturnedMailReport(CorrespondenceLogEntry):
    """Returned mail a writer asked staff to look at: a likely release or transfer."""

    class Meta:
        proxy = True
        verbose_name = "returned mail report"
