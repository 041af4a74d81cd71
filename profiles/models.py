"""Profiles of people in prison, submitted by their families and published after moderation.

Visibility has exactly one definition, `Profile.objects.public()`; every public list, detail,
search, count, sitemap and feed goes through it.
"""

import logging
import posixpath
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)


def new_public_id():
    # 72 random bits: URLs cannot be guessed or enumerated.
    return secrets.token_urlsafe(9)


def new_status_token():
    return secrets.token_urlsafe(32)


# Small controlled vocabularies: values are stored, labels are shown.
class Interest(models.TextChoices):
    READING = "reading", "Reading"
    WRITING = "writing", "Writing and poetry"
    ART = "art", "Art and drawing"
    MUSIC = "music", "Music"
    SPORTS = "sports", "Sports"
    FITNESS = "fitness", "Fitness"
    FAITH = "faith", "Faith and spirituality"
    HISTORY = "history", "History"
    SCIENCE = "science", "Science"
    COOKING = "cooking", "Cooking"
    GARDENING = "gardening", "Gardening"
    GAMES = "games", "Chess and games"
    MOVIES = "movies", "Movies and TV"
    NATURE = "nature", "Nature and animals"
    EDUCATION = "education", "Education and study"
    LAW = "law", "Law"
    BUSINESS = "business", "Business"
    CRAFTS = "crafts", "Crafts"
    TRAVEL = "travel", "Travel and places"
    LANGUAGES = "languages", "Learning languages"


class Language(models.TextChoices):
    ENGLISH = "english", "English"
    SPANISH = "spanish", "Spanish"
    FRENCH = "french", "French"
    HAITIAN_CREOLE = "haitian_creole", "Haitian Creole"
    PORTUGUESE = "portuguese", "Portuguese"
    CHINESE = "chinese", "Chinese"
    VIETNAMESE = "vietnamese", "Vietnamese"
    TAGALOG = "tagalog", "Tagalog"
    ARABIC = "arabic", "Arabic"
    GERMAN = "german", "German"
    ASL = "asl", "American Sign Language"


class LookingFor(models.TextChoices):
    FRIENDSHIP = "friendship", "Friendship"
    MENTORSHIP = "mentorship", "Mentorship"
    SPIRITUAL = "spiritual", "Spiritual support"
    REENTRY = "reentry", "Reentry advice"
    ROMANCE = "romance", "Romance"


# Statuses in which a listing is still "active" for the duplicate check.
ACTIVE_STATUSES = ("pending", "changes_requested", "approved", "hidden")


class ProfileQuerySet(models.QuerySet):
    def public(self, now=None):
        """Approved, not expired, not hidden, and verified recently enough."""
        now = now or timezone.now()
        stale_before = now - timedelta(days=settings.PENPALS_VERIFICATION_MAX_AGE_DAYS)
        return self.filter(
            status=Profile.Status.APPROVED,
            expires_at__gt=now,
            verified_at__gt=stale_before,
        )


class CustodyVerificationMethod(models.TextChoices):
    STATE_LOCATOR = "state_locator", "State inmate locator"
    BOP_LOCATOR = "bop_locator", "BOP inmate locator"
    FACILITY_PHONE = "facility_phone", "Phone call with the facility"
    OTHER = "other", "Other (see note)"


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", "Signed consent form received"
    LETTER = "letter", "Letter from the person"
    CHAPLAIN_CALL = "chaplain_call", "Phone call with the facility chaplain"
    OTHER = "other", "Other (see note)"


class RejectionReason(models.TextChoices):
    NOT_IN_CUSTODY = "not_in_custody", "Could not confirm the person is in custody there"
    NO_CONSENT = "no_consent", "Could not confirm the person's consent"
    UNDER_18 = "under_18", "The person is under 18"
    JURISDICTION = "jurisdiction", "Listing is not allowed in this jurisdiction"
    MONEY_REQUEST = "money_request", "The profile asks for money"
    INAPPROPRIATE = "inappropriate", "Inappropriate content"
    DUPLICATE = "duplicate", "A listing for this person already exists"
    OTHER = "other", "Other (see note)"


class HiddenReason(models.TextChoices):
    RELEASED = "released", "Released"
    TAKEDOWN_REPORT = "takedown_report", "Takedown request under review"
    MONEY_REPORTS = "money_reports", "Reports of money requests under review"
    STALE_VERIFICATION = "stale_verification", "Waiting for a fresh custody check"
    RELEASE_DATE_PASSED = "release_date_passed", "Projected release date has passed"
    STAFF = "staff", "Hidden by staff"


class Profile(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Published"
        REJECTED = "rejected", "Not accepted"
        HIDDEN = "hidden", "Hidden"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ERASED = "erased", "Erased"

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NONBINARY = "nonbinary", "Non-binary"
        SELF_DESCRIBED = "self_described", "Self-described"

    class ReleaseDateKind(models.TextChoices):
        EARLIEST = "earliest", "Earliest possible release"
        MAXIMUM = "maximum", "Maximum release date"
        UNKNOWN = "unknown", "Not known"

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    status_token = models.CharField(
        max_length=64, unique=True, default=new_status_token, editable=False
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)

    # The person, as on the prison's record.
    first_name = models.CharField("committed first name", max_length=60)
    last_name = models.CharField("committed last name", max_length=60)
    preferred_name = models.CharField(max_length=60, blank=True)
    inmate_number = models.CharField(max_length=30)
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="profiles"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender, blank=True)
    gender_self_description = models.CharField(max_length=60, blank=True)
    bio = models.TextField(blank=True)
    interests = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    looking_for = models.JSONField(default=list, blank=True)
    release_date = models.DateField(null=True, blank=True)
    release_date_kind = models.CharField(
        max_length=10, choices=ReleaseDateKind, default=ReleaseDateKind.UNKNOWN
    )
    offense_summary = models.TextField(blank=True)
    photo = models.ImageField(upload_to="profiles/photos/", blank=True)
    photo_thumbnail = models.ImageField(upload_to="profiles/thumbs/", blank=True)
    photo_taken_on = models.DateField(null=True, blank=True)

    # The submitter: seen by staff only.
    submitter_name = models.CharField(max_length=120, blank=True)
    submitter_email = models.EmailField(blank=True)
    submitter_relationship = models.CharField(max_length=60, blank=True)
    consent_attested_at = models.DateTimeField(null=True, blank=True)

    # Moderation: what staff checked before publishing, and why a listing is hidden.
    custody_verified_on = models.DateField(null=True, blank=True)
    custody_verification_method = models.CharField(
        max_length=20, choices=CustodyVerificationMethod, blank=True
    )
    custody_verification_note = models.TextField(blank=True)
    consent_method = models.CharField(max_length=20, choices=ConsentMethod, blank=True)
    consent_note = models.TextField(blank=True)
    hidden_reason = models.CharField(max_length=30, choices=HiddenReason, blank=True)

    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="Another active profile with the same jurisdiction and number.",
    )

    is_demo = models.BooleanField(
        default=False,
        help_text="Made up by `manage.py load_demo` for development: not a real person.",
    )

    # PostgreSQL only (stays empty on SQLite): the weighted document for the directory's
    # full-text search, kept up to date by save() and indexed with GIN by a migration.
    search_vector = SearchVectorField(null=True, editable=False)

    submitted_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "changes_requested",
                        "approved",
                        "rejected",
                        "hidden",
                        "expired",
                        "withdrawn",
                        "erased",
                    ]
                ),
                name="profile_status_valid",
            ),
        ]
        indexes = [
            # The directory lists public profiles newest first and pages by keyset.
            models.Index(fields=["status", "-published_at", "-id"], name="profile_public_newest"),
            # The moderation queue: pending work, oldest first.
            models.Index(fields=["status", "submitted_at"], name="profile_queue"),
            models.Index(fields=["inmate_number"], name="profile_inmate_number"),
            # The directory's "recently verified" sort pages by keyset.
            models.Index(fields=["status", "-verified_at", "-id"], name="profile_public_verified"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.inmate_number})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(SEARCHED_FIELDS):
            # Imported here: the search module imports this one.
            from profiles.search import refresh_search_vectors

            refresh_search_vectors(Profile.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        return reverse("profiles:detail", args=[self.public_id])

    @property
    def display_name(self):
        return self.preferred_name or self.first_name

    @property
    def full_display_name(self):
        return f"{self.display_name} {self.last_name}"

    @property
    def public_until(self):
        return self.leaves_directory_at(self.expires_at, self.verified_at)

    @staticmethod
    def leaves_directory_at(expires_at, verified_at):
        """When a published listing leaves the directory by the calendar alone: at expiry, or
        when its custody check goes stale."""
        stale_at = verified_at + timedelta(days=settings.PENPALS_VERIFICATION_MAX_AGE_DAYS)
        return min(expires_at, stale_at)

    @property
    def age(self):
        if not self.date_of_birth:
            return None
        return age_on(self.date_of_birth, timezone.localdate())

    def get_status_url(self):
        """The submitter's private page: whoever holds this link manages the listing."""
        return reverse("profiles:status", args=[self.status_token])

    def label_list(self, field, choices):
        labels = dict(choices.choices)
        return [labels.get(value, value) for value in getattr(self, field)]

    @property
    def interest_labels(self):
        return self.label_list("interests", Interest)

    @property
    def language_labels(self):
        return self.label_list("languages", Language)

    @property
    def looking_for_labels(self):
        return self.label_list("looking_for", LookingFor)

    def find_duplicate(self):
        """The oldest other active listing for the same number in the same jurisdiction."""
        return (
            Profile.objects.filter(
                status__in=ACTIVE_STATUSES,
                inmate_number__iexact=self.inmate_number,
                facility__jurisdiction_id=self.facility.jurisdiction_id,
            )
            .exclude(pk=self.pk)
            .order_by("submitted_at", "id")
            .first()
        )

    @property
    def can_renew(self):
        return self.status in (self.Status.APPROVED, self.Status.EXPIRED)

    @transaction.atomic
    def renew(self, *, note=""):
        """The family confirms the listing is still wanted.

        A published listing runs for another listing period (it still goes stale without a
        fresh custody check); an expired one goes back to staff for a new check.
        """
        if self.status == self.Status.EXPIRED:
            return self.resubmit(note=note or "Renewed by the submitter.")
        if self.status != self.Status.APPROVED:
            raise InvalidTransition("Only a published or expired listing can be renewed.")
        self.expires_at = timezone.now() + timedelta(days=settings.PENPALS_LISTING_DURATION_DAYS)
        self.save(update_fields=["expires_at", "updated_at"])
        return ProfileEvent.objects.create(
            profile=self,
            from_status=self.status,
            to_status=self.status,
            reason="renewed",
            note=note or "Renewed by the submitter.",
        )

    # --- Workflow: every status change goes through transition(), one transaction each. ---

    def approve(
        self,
        *,
        by,
        verified_on,
        verification_method,
        consent_method,
        verification_note="",
        consent_note="",
        note="",
    ):
        """Publish after staff recorded a custody check and the person's consent."""
        if not (verified_on and verification_method):
            raise InvalidTransition("Record how and when custody was verified before approving.")
        if not consent_method:
            raise InvalidTransition("Record how the person's consent was confirmed.")
        if consent_method == ConsentMethod.OTHER and not consent_note.strip():
            raise InvalidTransition("Describe how consent was confirmed when the method is other.")
        now = timezone.now()
        return self.transition(
            self.Status.APPROVED,
            by=by,
            note=note,
            custody_verified_on=verified_on,
            custody_verification_method=verification_method,
            custody_verification_note=verification_note,
            consent_method=consent_method,
            consent_note=consent_note,
            verified_at=now,
            published_at=self.published_at or now,
            expires_at=now + timedelta(days=settings.PENPALS_LISTING_DURATION_DAYS),
            hidden_reason="",
        )

    def reject(self, *, by, reason, note=""):
        if reason not in RejectionReason.values:
            raise InvalidTransition("Choose a reason for the rejection.")
        return self.transition(self.Status.REJECTED, by=by, reason=reason, note=note)

    def request_changes(self, *, by, note):
        if not note.strip():
            raise InvalidTransition("Tell the submitter what to change.")
        return self.transition(self.Status.CHANGES_REQUESTED, by=by, note=note)

    def hide(self, *, by=None, reason=HiddenReason.STAFF, note=""):
        return self.transition(
            self.Status.HIDDEN, by=by, reason=reason, note=note, hidden_reason=reason
        )

    def unhide(self, *, by, note=""):
        """Publish again; a listing that went stale needs a fresh check (approve) instead."""
        if self.status != self.Status.HIDDEN:
            # Pending -> approved is a legal step, but only through approve()'s checks.
            raise InvalidTransition("Only a hidden listing can be unhidden.")
        if self.hidden_reason in (HiddenReason.RELEASED, HiddenReason.STALE_VERIFICATION):
            raise InvalidTransition(
                "This listing was hidden for a release or a stale check: verify custody again "
                "and approve it instead."
            )
        return self.transition(self.Status.APPROVED, by=by, note=note, hidden_reason="")

    def mark_released(self, *, by=None, note=""):
        return self.hide(by=by, reason=HiddenReason.RELEASED, note=note)

    def mark_transferred(self, *, by=None, new_facility, note=""):
        """Back to the queue at the new facility: its address must be checked before mail."""
        return self.transition(
            self.Status.PENDING,
            by=by,
            reason="transferred",
            note=note or f"Transferred to {new_facility}.",
            facility=new_facility,
            verified_at=None,
            hidden_reason="",
        )

    def expire(self, *, by=None, note=""):
        return self.transition(self.Status.EXPIRED, by=by, reason="expired", note=note)

    def withdraw(self, *, by=None, note=""):
        """The family or the person took the listing down; it disappears at once, and so do the
        photo files, whose old URLs would otherwise keep working."""
        photos = self._photo_files()
        event = self.transition(
            self.Status.WITHDRAWN,
            by=by,
            reason="withdrawn",
            note=note,
            photo="",
            photo_thumbnail="",
        )
        self._delete_files(photos)
        return event

    def resubmit(self, *, note=""):
        """The submitter edited a listing after a rejection, a change request or expiry."""
        return self.transition(self.Status.PENDING, reason="resubmitted", note=note)

    def erase(self, *, by, reason, note=""):
        """A takedown: delete personal data and photo files, keep a minimal record of why."""
        photos = self._photo_files()
        event = self.transition(
            self.Status.ERASED,
            by=by,
            reason=reason,
            note=note,
            first_name="(erased)",
            last_name="",
            preferred_name="",
            inmate_number="",
            date_of_birth=None,
            gender="",
            gender_self_description="",
            bio="",
            interests=[],
            languages=[],
            looking_for=[],
            release_date=None,
            offense_summary="",
            photo="",
            photo_thumbnail="",
            photo_taken_on=None,
            submitter_name="",
            submitter_email="",
            submitter_relationship="",
            custody_verification_note="",
            consent_note="",
            published_at=None,
            expires_at=None,
        )
        # Earlier audit notes may quote personal data; the who/when/why stays.
        self.events.exclude(pk=event.pk).update(note="")
        self._delete_files(photos)
        return event

    def _photo_files(self):
        return [
            (image.storage, image.name) for image in (self.photo, self.photo_thumbnail) if image
        ]

    @staticmethod
    def _delete_files(files):
        # Once the step is committed: a refused or rolled-back step must not lose a photo.
        def delete():
            for storage, name in files:
                storage.delete(name)

        if files:
            transaction.on_commit(delete, robust=True)

    def _rename_photo_files(self):
        """Copy the photo files to new random names and return the old ones (to delete).

        A listing that stops being public must not stay reachable through photo links copied
        while it was; the new names are only shown to staff and the submitter.
        """
        old = []
        for field_name in ("photo", "photo_thumbnail"):
            image = getattr(self, field_name)
            if not image:
                continue
            folder = posixpath.dirname(image.name)
            try:
                with image.storage.open(image.name) as content:
                    new_name = image.storage.save(f"{folder}/{uuid.uuid4().hex}.jpg", content)
            except OSError:
                # A missing file must not block a takedown; there is nothing left to reach.
                logger.warning("Photo file %s of profile %s is missing", image.name, self.pk)
                continue
            old.append((image.storage, image.name))
            setattr(self, field_name, new_name)
        return old

    @transaction.atomic
    def transition(self, to, *, by=None, reason="", note="", **changes):
        """Move to status `to`, apply `changes`, and record who, when, from, to and why.

        The named workflow methods (approve, reject, hide, ...) call this; a refused transition
        raises `InvalidTransition` before anything is written.
        """
        if to not in ALLOWED_TRANSITIONS.get(self.status, ()):
            raise InvalidTransition(
                f"A profile that is {self.get_status_display().lower()} cannot become "
                f"{Profile.Status(to).label.lower()}."
            )
        from_status = self.status
        old_photos = []
        if from_status == self.Status.APPROVED != to and "photo" not in changes:
            old_photos = self._rename_photo_files()
        for field, value in changes.items():
            setattr(self, field, value)
        self.status = to
        self.save()
        self._delete_files(old_photos)
        return ProfileEvent.objects.create(
            profile=self,
            actor=by if by is not None and by.is_authenticated else None,
            from_status=from_status,
            to_status=to,
            reason=reason,
            note=note,
        )


def age_on(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# What the directory's text search looks at (kept in `search_vector` on PostgreSQL).
SEARCHED_FIELDS = ("first_name", "last_name", "preferred_name", "bio", "interests")


class InvalidTransition(Exception):
    """A workflow step that the profile's current status does not allow."""


S = Profile.Status
# The moderation state machine: from each status, the statuses it may move to.
ALLOWED_TRANSITIONS = {
    S.PENDING: {S.APPROVED, S.REJECTED, S.CHANGES_REQUESTED, S.HIDDEN, S.WITHDRAWN, S.ERASED},
    S.CHANGES_REQUESTED: {S.PENDING, S.REJECTED, S.WITHDRAWN, S.ERASED},
    S.APPROVED: {S.HIDDEN, S.EXPIRED, S.PENDING, S.WITHDRAWN, S.ERASED},
    S.HIDDEN: {S.APPROVED, S.PENDING, S.WITHDRAWN, S.ERASED},
    S.EXPIRED: {S.PENDING, S.WITHDRAWN, S.ERASED},
    S.REJECTED: {S.PENDING, S.ERASED},
    S.WITHDRAWN: {S.ERASED},
    S.ERASED: set(),
}


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
    def reason_label(self):
        """The reason in words, for the submitter's status page."""
        for choices in (RejectionReason, HiddenReason):
            if self.reason in choices.values:
                return choices(self.reason).label
        return EVENT_REASONS.get(self.reason, self.reason.replace("_", " "))


EVENT_REASONS = {
    "transferred": "Transferred to another facility",
    "resubmitted": "Sent again for review",
    "renewed": "Renewed",
    "withdrawn": "Withdrawn",
    "expired": "The listing period ended",
}


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """A visitor's report about a listing, from the form on every profile page."""

    class Reason(models.TextChoices):
        TAKEDOWN = "takedown", "This is about me or my family and I want it taken down"
        MONEY_REQUEST = "money_request", "The person asked for money, or it looks like a scam"
        RELEASED = "released", "The person has been released"
        TRANSFERRED = "transferred", "The person has been moved to another facility"
        WRONG_ADDRESS = "wrong_address", "The mailing address is wrong"
        INAPPROPRIATE = "inappropriate", "Inappropriate content"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    class Resolution(models.TextChoices):
        ACTED = "acted", "Staff changed the listing"
        NO_ACTION = "no_action", "Checked: nothing to change"
        RESTORED = "restored", "Listing restored after review"
        ERASED = "erased", "Listing erased"

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


class PublicPagesVersion(models.Model):
    """One row: the version of everything the public pages show (see penpals.pagecache)."""

    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = "public pages version"

    def __str__(self):
        return f"Public pages, version {self.version}"
