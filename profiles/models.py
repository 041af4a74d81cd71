"""Profiles of people in prison, submitted by their families and published after moderation.

Visibility has exactly one definition, `Profile.objects.public()`; every public list, detail,
search, count, sitemap and feed goes through it.
"""

import logging
import posixpath
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from profiles.validators import (
    age_on,
    validate_adult_birth_date,
    validate_no_money_request,
    validate_not_in_the_future,
    validate_single_line,
)

logger = logging.getLogger(__name__)


def new_public_id():
    # 72 random bits: URLs cannot be guessed or enumerated.
    return secrets.token_urlsafe(9)


def new_status_token():
    return secrets.token_urlsafe(32)


# Letters and digits nobody misreads on a printed form (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
CONSENT_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_consent_code():
    """The short code printed on a listing's consent form, typed in when it comes back."""
    return "".join(secrets.choice(CONSENT_CODE_ALPHABET) for _ in range(8))


CONSENT_DOCUMENT_TYPES = ["pdf", "jpg", "jpeg", "png"]


def consent_document_name(instance, filename):
    # A random name: what staff's scanner called the file may hold the person's name.
    extension = posixpath.splitext(filename)[1].lower().lstrip(".")
    return f"consent/{uuid.uuid4().hex}.{extension}"


def validate_consent_document_size(document):
    if document.size > settings.PENPALS_PHOTO_MAX_BYTES:
        raise ValidationError(
            f"The scan is {document.size / 1_000_000:.1f} MB; the limit is "
            f"{settings.PENPALS_PHOTO_MAX_BYTES / 1_000_000:.0f} MB.",
            code="too_large",
        )


# Small controlled vocabularies: values are stored, labels are shown.
class Interest(models.TextChoices):
    READING = "reading", _("Reading")
    WRITING = "writing", _("Writing and poetry")
    ART = "art", _("Art and drawing")
    MUSIC = "music", _("Music")
    SPORTS = "sports", _("Sports")
    FITNESS = "fitness", _("Fitness")
    FAITH = "faith", _("Faith and spirituality")
    HISTORY = "history", _("History")
    SCIENCE = "science", _("Science")
    COOKING = "cooking", _("Cooking")
    GARDENING = "gardening", _("Gardening")
    GAMES = "games", _("Chess and games")
    MOVIES = "movies", _("Movies and TV")
    NATURE = "nature", _("Nature and animals")
    EDUCATION = "education", _("Education and study")
    LAW = "law", _("Law")
    BUSINESS = "business", _("Business")
    CRAFTS = "crafts", _("Crafts")
    TRAVEL = "travel", _("Travel and places")
    LANGUAGES = "languages", _("Learning languages")


class Language(models.TextChoices):
    ENGLISH = "english", _("English")
    SPANISH = "spanish", _("Spanish")
    FRENCH = "french", _("French")
    HAITIAN_CREOLE = "haitian_creole", _("Haitian Creole")
    PORTUGUESE = "portuguese", _("Portuguese")
    CHINESE = "chinese", _("Chinese")
    VIETNAMESE = "vietnamese", _("Vietnamese")
    TAGALOG = "tagalog", _("Tagalog")
    ARABIC = "arabic", _("Arabic")
    GERMAN = "german", _("German")
    ASL = "asl", _("American Sign Language")


class LookingFor(models.TextChoices):
    FRIENDSHIP = "friendship", _("Friendship")
    MENTORSHIP = "mentorship", _("Mentorship")
    SPIRITUAL = "spiritual", _("Spiritual support")
    REENTRY = "reentry", _("Reentry advice")
    ROMANCE = "romance", _("Romance")


# A published listing can be renewed this many days before it expires; the daily job e-mails
# the renewal link when the window opens.
RENEWAL_WINDOW_DAYS = 30

# Statuses in which a listing still stands for its person: a second one is a duplicate.
ACTIVE_STATUSES = ("pending", "changes_requested", "approved", "hidden", "expired")


def _same_person(number, jurisdiction):
    return Q(
        status__in=ACTIVE_STATUSES,
        inmate_number=number,
        facility__jurisdiction=jurisdiction,
    ) & ~Q(inmate_number="")


class ProfileQuerySet(models.QuerySet):
    def same_person_as(self, profile):
        """Other active listings with the same number in the same prison system: one person
        listed twice, which staff compare before publishing either."""
        if not profile.inmate_number:
            return self.none()
        return self.filter(
            _same_person(profile.inmate_number, profile.facility.jurisdiction_id)
        ).exclude(pk=profile.pk)

    def with_duplicate_flag(self):
        """Annotate `has_duplicate` (same rule as `same_person_as`) for lists of listings."""
        others = Profile.objects.filter(
            _same_person(OuterRef("inmate_number"), OuterRef("facility__jurisdiction"))
        ).exclude(pk=OuterRef("pk"))
        return self.annotate(has_duplicate=Exists(others))

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
    STATE_LOCATOR = "state_locator", _("State inmate locator")
    BOP_LOCATOR = "bop_locator", _("BOP inmate locator")
    FACILITY_PHONE = "facility_phone", _("Phone call with the facility")
    OTHER = "other", _("Other (see note)")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed consent form received")
    LETTER = "letter", _("Letter from the person")
    CHAPLAIN_CALL = "chaplain_call", _("Phone call with the facility chaplain")
    OTHER = "other", _("Other (see note)")


class RejectionReason(models.TextChoices):
    NOT_IN_CUSTODY = "not_in_custody", _("Could not confirm the person is in custody there")
    NO_CONSENT = "no_consent", _("Could not confirm the person's consent")
    UNDER_18 = "under_18", "The person is under 18"
    JURISDICTION = "jurisdiction", _("Listing is not allowed in this jurisdiction")
    MONEY_REQUEST = "money_request", _("The profile asks for money")
    INAPPROPRIATE = "inappropriate", _("Inappropriate content")
    DUPLICATE = "duplicate", _("A listing for this person already exists")
    OTHER = "other", _("Other (see note)")


class HiddenReason(models.TextChoices):
    RELEASED = "released", _("Released")
    TAKEDOWN_REPORT = "takedown_report", _("Takedown request under review")
    MONEY_REPORTS = "money_reports", _("Reports of money requests under review")
    STALE_VERIFICATION = "stale_verification", _("Waiting for a fresh custody check")
    RELEASE_DATE_PASSED = "release_date_passed", _("Projected release date has passed")
    STAFF = "staff", _("Hidden by staff")


# Hidden by reports, before staff decided anything: these wait for a moderator, first in the queue.
HIDDEN_BY_REPORTS = {HiddenReason.TAKEDOWN_REPORT, HiddenReason.MONEY_REPORTS}


class Profile(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not accepted")
        HIDDEN = "hidden", _("Hidden")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ERASED = "erased", _("Erased")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NONBINARY = "nonbinary", _("Non-binary")
        SELF_DESCRIBED = "self_described", _("Self-described")

    class ReleaseDateKind(models.TextChoices):
        EARLIEST = "earliest", _("Earliest possible release")
        MAXIMUM = "maximum", _("Maximum release date")
        UNKNOWN = "unknown", _("Not known")

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    status_token = models.CharField(
        max_length=64, unique=True, default=new_status_token, editable=False
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)

    # The person, as on the prison's record.
    first_name = models.CharField(
        "committed first name", max_length=60, validators=[validate_single_line]
    )
    last_name = models.CharField(
        "committed last name", max_length=60, validators=[validate_single_line]
    )
    preferred_name = models.CharField(
        max_length=60, blank=True, validators=[validate_single_line, validate_no_money_request]
    )
    inmate_number = models.CharField(max_length=30)
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="profiles"
    )
    date_of_birth = models.DateField(null=True, blank=True, validators=[validate_adult_birth_date])
    gender = models.CharField(max_length=20, choices=Gender, blank=True)
    gender_self_description = models.CharField(max_length=60, blank=True)
    bio = models.TextField(blank=True, validators=[validate_no_money_request])
    interests = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    looking_for = models.JSONField(default=list, blank=True)
    release_date = models.DateField(null=True, blank=True)
    release_date_kind = models.CharField(
        max_length=10, choices=ReleaseDateKind, default=ReleaseDateKind.UNKNOWN
    )
    offense_summary = models.TextField(blank=True, validators=[validate_no_money_request])
    photo = models.ImageField(upload_to="profiles/photos/", blank=True)
    photo_thumbnail = models.ImageField(upload_to="profiles/thumbs/", blank=True)
    photo_taken_on = models.DateField(
        null=True, blank=True, validators=[validate_not_in_the_future]
    )

    # The submitter: seen by staff only.
    submitter_name = models.CharField(max_length=120, blank=True)
    submitter_email = models.EmailField(blank=True)
    submitter_relationship = models.CharField(max_length=60, blank=True)
    # The language of the page the family submitted from: every e-mail to them is written in it.
    submitter_language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language the family used on the form; e-mails to them are written in it.",
    )
    consent_attested_at = models.DateTimeField(null=True, blank=True)
    arrived_by = models.CharField(
        max_length=10,
        choices=[("form", "The family's form"), ("mail", "A letter (mailed-in request)")],
        default="form",
        help_text="How the request to be listed reached Penpals.",
    )
    # Consent by mail: the family prints a form with this code, the person signs it and mails
    # it back; staff record its return (moderation), or keep a mailed request's scan here.
    consent_code = models.CharField(
        max_length=8, unique=True, default=new_consent_code, editable=False
    )
    consent_form_received_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When staff recorded that the person's signed consent form came back.",
    )
    consent_document = models.FileField(
        upload_to=consent_document_name,
        blank=True,
        validators=[
            FileExtensionValidator(CONSENT_DOCUMENT_TYPES),
            validate_consent_document_size,
        ],
        help_text="A scan of the person's letter or signed form (PDF, JPEG or PNG). Staff "
        "only, never published.",
    )

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

    # PostgreSQL only (stay empty on SQLite): the weighted document for the directory's
    # full-text search, and its names and interests alone (the best matches come first), kept
    # up to date by save() and indexed with GIN by migrations.
    search_vector = SearchVectorField(null=True, editable=False)
    search_keys = SearchVectorField(null=True, editable=False)

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
        if self._state.adding:
            # 25^8 codes: a repeat is rare, but near certain somewhere in a million listings, and
            # would refuse a family's submission on the unique constraint. Draw again.
            while Profile.objects.filter(consent_code=self.consent_code).exists():
                self.consent_code = new_consent_code()
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(SEARCHED_FIELDS):
            # Imported here: the search module imports this one.
            from profiles.search import refresh_search_vectors

            refresh_search_vectors(Profile.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        return reverse("profiles:detail", args=[self.public_id])

    def clean(self):
        """What depends on several fields; the single-field rules are the fields' validators."""
        errors = {}
        jurisdiction = self.facility.jurisdiction if self.facility_id else None
        if jurisdiction and jurisdiction.listing_policy == jurisdiction.ListingPolicy.REFUSED:
            errors["facility"] = jurisdiction.listing_notice
        if jurisdiction and self.inmate_number:
            from facilities.addressing import validate_inmate_number
            from facilities.models import MailPolicy

            try:
                self.inmate_number = validate_inmate_number(self.inmate_number, self.facility)
            except MailPolicy.DoesNotExist:
                # No mail policy yet: staff check the number against the locator anyway.
                self.inmate_number = " ".join(self.inmate_number.split()).upper()
            except ValidationError as error:
                errors["inmate_number"] = error.messages
        if self.gender == self.Gender.SELF_DESCRIBED and not self.gender_self_description.strip():
            errors["gender_self_description"] = _("Describe their gender in their words.")
        if self.release_date and self.release_date_kind == self.ReleaseDateKind.UNKNOWN:
            errors["release_date_kind"] = _(
                "Say whether the date is the earliest possible release or the maximum."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        return self.preferred_name or self.first_name

    @property
    def initials(self):
        """Shown in place of a photo: a listing without one is not an empty box."""
        return f"{self.display_name[:1]}{self.last_name[:1]}".upper()

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
    def photo_url(self):
        return self._photo_link(self.photo)

    @property
    def thumbnail_url(self):
        return self._photo_link(self.photo_thumbnail)

    def _photo_link(self, image):
        """The photo's link (profiles.photo_urls): a public listing's stops when the listing
        leaves the directory by the calendar; any other lasts an hour or two (staff, the
        submitter)."""
        from profiles.photo_urls import photo_url, private_until

        if not image:
            return ""
        now = timezone.now()
        public = self.status == self.Status.APPROVED and self.verified_at and self.expires_at
        until = self.public_until if public and self.public_until > now else private_until(now)
        return photo_url(image, until=until)

    @property
    def age(self):
        if not self.date_of_birth:
            return None
        return age_on(self.date_of_birth, timezone.localdate())

    def get_status_url(self):
        """The submitter's private page: whoever holds this link manages the listing."""
        return reverse("status:page", args=[self.status_token])

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
        """The oldest other active listing for the same person (see `same_person_as`)."""
        return Profile.objects.same_person_as(self).order_by("submitted_at", "id").first()

    @property
    def renewable_from(self):
        """When a published listing enters its renewal window (the reminder goes out then)."""
        if self.status != self.Status.APPROVED or not self.expires_at:
            return None
        return self.expires_at - timedelta(days=RENEWAL_WINDOW_DAYS)

    @property
    def has_consent_record(self):
        """Staff hold the person's own word: a returned consent form, or a mailed request."""
        return bool(self.consent_form_received_at or self.consent_document)

    @property
    def can_renew(self):
        if self.status == self.Status.EXPIRED:
            return True
        return self.renewable_from is not None and self.renewable_from <= timezone.now()

    def renew(self, *, note=""):
        """The family confirms the listing is still wanted.

        A published listing in its renewal window runs for another listing period (it still
        goes stale without a fresh custody check); an expired one goes back to staff for a new
        check.
        """
        if self.status == self.Status.EXPIRED:
            return self.resubmit(note=note or "Renewed by the submitter.")
        self.ensure_can("renew")
        self.expires_at = timezone.now() + timedelta(days=settings.PENPALS_LISTING_DURATION_DAYS)
        self.save(update_fields=["expires_at", "updated_at"])
        return Change(self.status, self.status, "renewed", note or "Renewed by the submitter.")

    # --- Workflow steps -----------------------------------------------------------------------
    # Each checks what it needs, changes the profile through transition() and returns the
    # Change. Take them through `moderation.services.decide`, which records the event and does
    # what the step does for everyone (e-mails, savers told), whichever path asks.

    def approve(
        self,
        *,
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
        if consent_method == ConsentMethod.SIGNED_FORM and not self.has_consent_record:
            raise InvalidTransition(
                "Record that the signed consent form came back (type the code printed on it) "
                "before approving with it."
            )
        now = timezone.now()
        return self.transition(
            "approve",
            note=note,
            custody_verified_on=verified_on,
            custody_verification_method=verification_method,
            custody_verification_note=verification_note,
            consent_method=consent_method,
            # A mailed-in request's note (what the letter said) stays unless staff add to it.
            consent_note=consent_note or self.consent_note,
            verified_at=now,
            published_at=self.published_at or now,
            expires_at=now + timedelta(days=settings.PENPALS_LISTING_DURATION_DAYS),
            hidden_reason="",
        )

    def reject(self, *, reason, note=""):
        if reason not in RejectionReason.values:
            raise InvalidTransition("Choose a reason for the rejection.")
        return self.transition("reject", reason=reason, note=note)

    def request_changes(self, *, note):
        if not note.strip():
            raise InvalidTransition("Tell the submitter what to change.")
        return self.transition("request_changes", note=note)

    def hide(self, *, reason=HiddenReason.STAFF, note=""):
        return self.transition("hide", reason=reason, note=note, hidden_reason=reason)

    def unhide(self, *, note=""):
        """Publish again; a listing that went stale needs a fresh check (approve) instead."""
        return self.transition("unhide", note=note, hidden_reason="")

    def mark_released(self, *, note=""):
        return self.transition(
            "mark_released",
            reason=HiddenReason.RELEASED,
            note=note,
            hidden_reason=HiddenReason.RELEASED,
        )

    def mark_transferred(self, *, new_facility, note=""):
        """Back to the queue at the new facility: its address must be checked before mail."""
        if new_facility == self.facility:
            raise InvalidTransition(_("The new facility is the one already on the listing."))
        return self.transition(
            "mark_transferred",
            reason="transferred",
            note=note or f"Transferred to {new_facility}.",
            facility=new_facility,
            verified_at=None,
            hidden_reason="",
        )

    def expire(self, *, note=""):
        return self.transition("expire", reason="expired", note=note)

    def withdraw(self, *, note=""):
        """The family or the person took the listing down; it disappears at once, and so do the
        photo files, whose old URLs would otherwise keep working."""
        photos = self._photo_files()
        change = self.transition(
            "withdraw", reason="withdrawn", note=note, photo="", photo_thumbnail=""
        )
        self._delete_files(photos)
        return change

    def resubmit(self, *, note=""):
        """The submitter edited a listing after a rejection, a change request or expiry."""
        return self.transition("resubmit", reason="resubmitted", note=note)

    def erase(self, *, reason, note=""):
        """A takedown: delete personal data and photo files, keep a minimal record of why.
        (Moderation also clears what its own records quote of the person.)"""
        photos = self._photo_files()
        change = self.transition(
            "erase",
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
        self._delete_files(photos)
        return change

    # --- What can happen next: STEP_TARGETS with ALLOWED_TRANSITIONS, plus each step's guard --

    def refusal(self, step):
        """Why `step` cannot be taken now, or "" when it can (what the step's own data must
        hold, such as a reason, is checked when it is taken)."""
        if step == "renew":
            if self.status == self.Status.EXPIRED:
                return self.refusal("resubmit")
            if self.status != self.Status.APPROVED:
                return _("Only a published or expired listing can be renewed.")
            if not self.can_renew:
                return _(
                    "The listing is not due for renewal yet: you can renew it from %(date)s."
                ) % {"date": formats.date_format(timezone.localtime(self.renewable_from))}
            return ""
        target = STEP_TARGETS[step]
        if target not in ALLOWED_TRANSITIONS[self.status]:
            return _("A profile that is %(now)s cannot become %(next)s.") % {
                "now": self.get_status_display().lower(),
                "next": Profile.Status(target).label.lower(),
            }
        guard = STEP_GUARDS.get(step)
        return guard(self) if guard else ""

    def can(self, step):
        return not self.refusal(step)

    def ensure_can(self, step):
        refusal = self.refusal(step)
        if refusal:
            raise InvalidTransition(refusal)

    @property
    def can_edit(self):
        """The family may change the listing (it then goes back to staff, unless pending)."""
        return self.status == self.Status.PENDING or self.can("resubmit")

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
    def transition(self, step, *, reason="", note="", **changes):
        """Take workflow `step`: check it is allowed now, apply `changes` and the new status,
        and return the Change. A refused step raises `InvalidTransition` before any write."""
        self.ensure_can(step)
        from_status, to = self.status, STEP_TARGETS[step]
        old_photos = []
        if from_status == self.Status.APPROVED != to and "photo" not in changes:
            old_photos = self._rename_photo_files()
        for field, value in changes.items():
            setattr(self, field, value)
        self.status = to
        self.save()
        self._delete_files(old_photos)
        return Change(from_status, to, reason, note)


@dataclass(frozen=True)
class Change:
    """What one workflow step did; moderation records it as a ProfileEvent."""

    from_status: str
    to_status: str
    reason: str = ""
    note: str = ""


# What the directory's text search looks at (kept in `search_vector` on PostgreSQL).
SEARCHED_FIELDS = ("first_name", "last_name", "preferred_name", "bio", "interests")


class InvalidTransition(Exception):
    """A workflow step that the profile's current status does not allow."""


S = Profile.Status
# The state machine: from each status, the statuses it may move to.
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
# Each workflow step and the status it leads to.
STEP_TARGETS = {
    "approve": S.APPROVED,
    "reject": S.REJECTED,
    "request_changes": S.CHANGES_REQUESTED,
    "hide": S.HIDDEN,
    "unhide": S.APPROVED,
    "mark_released": S.HIDDEN,
    "mark_transferred": S.PENDING,
    "expire": S.EXPIRED,
    "withdraw": S.WITHDRAWN,
    "resubmit": S.PENDING,
    "erase": S.ERASED,
}
# What a step needs beyond the transition table; each returns why not, or "".
STEP_GUARDS = {
    # Pending -> approved is a legal move, but only through approve()'s checks.
    "unhide": lambda p: (
        "Only a hidden listing can be unhidden."
        if p.status != S.HIDDEN
        else "This listing was hidden for a release or a stale check: verify custody again "
        "and approve it instead."
        if p.hidden_reason in (HiddenReason.RELEASED, HiddenReason.STALE_VERIFICATION)
        else ""
    ),
    # A transfer clears the hidden reason: it must not undo a hiding staff have yet to review;
    # a listing that was never published is simply edited.
    "mark_transferred": lambda p: (
        "Staff are reviewing reports about this listing; a transfer can be reported after that."
        if p.hidden_reason in HIDDEN_BY_REPORTS
        else "Edit the listing to change its facility."
        if p.status not in (S.APPROVED, S.HIDDEN, S.EXPIRED)
        else ""
    ),
    # A hidden listing waits for staff; an expired one is renewed.
    "resubmit": lambda p: "Staff are reviewing this listing." if p.status == S.HIDDEN else "",
}


class PhotoUploadQuerySet(models.QuerySet):
    def fresh(self):
        return self.filter(created_at__gt=timezone.now() - PHOTO_UPLOAD_LIFETIME)

    def stale(self):
        return self.filter(created_at__lte=timezone.now() - PHOTO_UPLOAD_LIFETIME)


# How long a photo chosen on a form that was not sent yet is kept for the family.
PHOTO_UPLOAD_LIFETIME = timedelta(days=1)


class PhotoUpload(models.Model):
    """A cleaned photo kept between round trips of the family's form.

    A browser cannot put a chosen file back into a form, so once a photo passes the checks it is
    stored here and the form carries only the key. Sending the form moves the files to the
    listing; the daily job deletes what was never sent.
    """

    key = models.CharField(max_length=64, unique=True, default=new_status_token, editable=False)
    # The folders of listing photos, so that a sent form's files only change owner.
    photo = models.ImageField(upload_to="profiles/photos/")
    thumbnail = models.ImageField(upload_to="profiles/thumbs/")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PhotoUploadQuerySet.as_manager()

    def __str__(self):
        return f"Photo upload of {self.created_at:%Y-%m-%d %H:%M}"

    def delete_with_files(self):
        files = [(image.storage, image.name) for image in (self.photo, self.thumbnail) if image]
        self.delete()
        Profile._delete_files(files)
