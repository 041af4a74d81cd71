"""The family's submission form, the submitter's edit and transfer forms, and the directory's
filters."""

import base64
import hashlib
import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, Jurisdiction
from facilities.states import STATE_NAMES, STATES
from profiles import photos
from profiles.models import Interest, Language, LookingFor, PhotoUpload, Profile
from profiles.search import SORTS

BIO_MIN, BIO_MAX = 80, 3000
TIMESTAMP_SALT = "profiles.submit.started"
# A form opened longer ago than this is refused with a message (and its values kept): a start
# time fetched once cannot be replayed for ever.
FORM_MAX_AGE_SECONDS = 24 * 3600
# Facility slugs and photo keys: what may reach a query from the family's hidden fields.
SLUG_RE = re.compile(r"[-\w]{1,220}", re.ASCII)


class ErrorSummaryMixin:
    """For templates/includes/error_summary.html."""

    def error_links(self):
        """[(anchor, message)] for the error summary: each error links to its field."""
        links = [("", error) for error in self.non_field_errors()]
        for name, field in self.fields.items():
            errors = self.errors.get(name)
            if not errors:
                continue
            widget = field.widget
            anchor = self[name].auto_id
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                anchor += "_0"
            links.extend((anchor, error) for error in errors)
        return links


class FacilityFinderForm(ErrorSummaryMixin, forms.Form):
    """A facility chosen by its slug from every open facility.

    Without JavaScript the page shows a state select, a "Show facilities" button and a select of
    that state's facilities (the whole list would weigh a quarter of a megabyte); with it,
    static/js/facility-finder.js replaces them with one search box (templates/profiles/
    _facility_finder.html). Either way the form posts `facility=<slug>`.
    """

    state = forms.ChoiceField(
        choices=[("", _("Choose a state")), *STATES],
        required=False,
        label=_("State or territory where they are held"),
    )
    facility = forms.ModelChoiceField(
        queryset=Facility.objects.open().select_related("jurisdiction"),
        to_field_name="slug",
        label=_("Facility"),
        error_messages={
            "required": _("Choose the facility where they are held."),
            "invalid_choice": _("We do not know this facility. Search for it again."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the chosen state's facilities are rendered, and only when the page is.
        self.fields["facility"].widget.choices = self._facility_options
        if self.is_bound and not self.data.get("state") and self.chosen_state:
            # Chosen with the search box (or on an earlier page): the fallback shows its state.
            self.data = self.data.copy()
            self.data["state"] = self.chosen_state
        elif not self.is_bound:
            self.initial.setdefault("state", self.chosen_state)

    @property
    def chosen_facility(self):
        """The facility the form holds now (posted or initial), or None."""
        if not hasattr(self, "_chosen_facility"):
            slug = self["facility"].value()
            if isinstance(slug, Facility):
                facility = slug
            elif isinstance(slug, str) and SLUG_RE.fullmatch(slug):
                facility = Facility.objects.select_related("jurisdiction").filter(slug=slug).first()
            else:
                facility = None
            self._chosen_facility = facility
        return self._chosen_facility

    @property
    def chosen_state(self):
        # Not self["state"]: a bound field caches its initial value on first use.
        state = (self.data.get("state") if self.is_bound else self.initial.get("state")) or ""
        if state not in STATE_NAMES and self.chosen_facility:
            state = self.chosen_facility.physical_state
        return state if state in STATE_NAMES else ""

    def _facility_options(self):
        state, chosen = self.chosen_state, self.chosen_facility
        facilities = (
            list(Facility.objects.open().filter(physical_state=state).order_by(Lower("name"), "pk"))
            if state
            else []
        )
        if chosen and chosen not in facilities:
            facilities.insert(0, chosen)
        prompt = (
            gettext("Choose the facility in %(state)s") % {"state": STATE_NAMES[state]}
            if state
            else gettext("Choose a state first")
        )
        return [("", prompt), *((facility.slug, str(facility)) for facility in facilities)]


class ProfileForm(FacilityFinderForm, forms.ModelForm):
    """What the family writes about the person. Status, ids, tokens and every moderation
    field are server-controlled and not on the form."""

    interests = forms.MultipleChoiceField(
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Interests (optional)"),
    )
    languages = forms.MultipleChoiceField(
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages they can write letters in"),
        error_messages={"required": _("Choose at least one language they can write letters in.")},
    )
    looking_for = forms.MultipleChoiceField(
        choices=LookingFor.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("What they would like from letters"),
        error_messages={"required": _("Choose at least one thing they would like from letters.")},
    )
    bio = forms.CharField(
        label=_("About them, in their words"),
        min_length=BIO_MIN,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": BIO_MAX}),
        help_text=_("Between 80 and 3,000 characters, plain text. Never ask for money."),
        error_messages={
            "required": _("Write a few lines about them, in their words."),
            "min_length": _("Write at least 80 characters about them (this has %(show_value)d)."),
            "max_length": _("Keep it under 3,000 characters (this has %(show_value)d)."),
        },
    )
    photo = forms.FileField(
        required=False,
        label=_("Photo (optional)"),
        help_text=_(
            "A recent photo of them, as a JPEG, PNG or WebP file, at most 5 MB. We remove "
            "location and camera data before storing it. Without a photo, the listing shows their "
            "initials."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"empty": _("The file is empty. Choose a JPEG, PNG or WebP photo.")},
    )
    # The key of a photo that passed the checks on an earlier round trip (see PhotoUpload).
    photo_upload = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    remove_photo = forms.BooleanField(required=False, label=_("Remove the photo"))
    consent = forms.BooleanField(
        label=_("They asked to be listed, or agreed to it, with this information and photo."),
        error_messages={"required": _("Confirm that they agreed to be listed.")},
    )
    confirm_listing_risk = forms.BooleanField(
        required=False,
        label=_(
            "I have read the warning for this prison system, and they still want to be listed."
        ),
    )

    # The order of the page (and so of the error summary): consent first, as families answer.
    field_order = [
        "consent",
        "state",
        "facility",
        "confirm_listing_risk",
        "inmate_number",
        "first_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
        "gender",
        "gender_self_description",
        "bio",
        "looking_for",
        "languages",
        "interests",
        "release_date",
        "release_date_kind",
        "offense_summary",
        "photo",
        "remove_photo",
        "photo_taken_on",
    ]

    class Meta:
        model = Profile
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "inmate_number",
            "facility",
            "date_of_birth",
            "gender",
            "gender_self_description",
            "bio",
            "interests",
            "languages",
            "looking_for",
            "release_date",
            "release_date_kind",
            "offense_summary",
            "photo_taken_on",
            "submitter_name",
            "submitter_email",
            "submitter_relationship",
        ]
        labels = {
            "first_name": _("First name, as on the prison's record"),
            "last_name": _("Last name, as on the prison's record"),
            "preferred_name": _("Name they like to be called (optional)"),
            "inmate_number": _("Their inmate number"),
            "date_of_birth": _("Date of birth"),
            "gender": _("Gender"),
            "gender_self_description": _("Their gender, in their words"),
            "release_date": _("Projected release date (optional)"),
            "release_date_kind": _("That date is the"),
            "offense_summary": _("Offense (optional)"),
            "photo_taken_on": _("When the photo was taken"),
            "submitter_name": _("Your name"),
            "submitter_email": _("Your e-mail address"),
            "submitter_relationship": _("How you know them"),
        }
        help_texts = {
            "first_name": _(
                "Letters must carry the name the prison uses, even if they go by another."
            ),
            "inmate_number": _(
                "The number the prison uses in their address. Find it in the "
                "official inmate locator or on a letter from them."
            ),
            "date_of_birth": _(
                "Only adults (18 or older) can be listed. We show their age, never the date."
            ),
            "offense_summary": _("Some writers want to know; you may leave it out."),
            "gender_self_description": _("Only if you chose self-described."),
            "photo_taken_on": _("Roughly is fine: writers like to know how recent it is."),
            "submitter_email": _(
                "We send you a private link to follow, change or withdraw the "
                "listing. Never shown to anyone."
            ),
            "submitter_relationship": _("For example: mother, friend, pastor."),
        }
        error_messages = {
            "first_name": {"required": _("Enter their first name as the prison has it.")},
            "last_name": {"required": _("Enter their last name as the prison has it.")},
            "inmate_number": {"required": _("Enter their inmate number.")},
            "date_of_birth": {
                "required": _("Enter their date of birth."),
                "invalid": _("Enter their date of birth as a real date, for example 1980-04-02."),
            },
            "gender": {"required": _("Choose their gender.")},
            "release_date": {"invalid": _("Enter the release date as a real date.")},
            "photo_taken_on": {"invalid": _("Enter when the photo was taken as a real date.")},
            "submitter_name": {"required": _("Enter your name.")},
            "submitter_email": {
                "required": _(
                    "Enter your e-mail address, so that we can send you the private link."
                ),
                "invalid": _("Enter an e-mail address like name@example.com."),
            },
            "submitter_relationship": {"required": _("Tell us how you know them.")},
        }
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "release_date": forms.DateInput(attrs={"type": "date"}),
            "photo_taken_on": forms.DateInput(attrs={"type": "date"}),
            "offense_summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, instance=None, initial=None, **kwargs):
        if instance is not None and instance.pk:
            # model_to_dict would give the id; the field chooses by slug.
            initial = {"facility": instance.facility.slug, **(initial or {})}
        super().__init__(*args, instance=instance, initial=initial, **kwargs)
        self.fields["gender"].choices = [("", _("Choose")), *Profile.Gender.choices]
        for name in (
            "date_of_birth",
            "gender",
            "submitter_name",
            "submitter_email",
            "submitter_relationship",
        ):
            self.fields[name].required = True
        # What a right number looks like in the chosen prison system; the facility finder
        # rewrites the <span> when another facility is chosen.
        number = self.fields["inmate_number"]
        policy = self._chosen_policy()
        hint = ""
        if policy:
            from facilities.addressing import number_format_hint

            hint = number_format_hint(policy)
            number.error_messages["required"] = gettext("Enter their %(label)s.") % {
                "label": policy.inmate_number_label
            }
        number.help_text = format_html(
            '{} <span data-number-hint="">{}</span>', number.help_text, hint
        )
        self.kept_photo = None

    def _chosen_policy(self):
        from facilities.addressing import policy_for
        from facilities.models import MailPolicy

        if not self.chosen_facility:
            return None
        try:
            return policy_for(self.chosen_facility)
        except MailPolicy.DoesNotExist:
            return None

    @property
    def listing_notice(self):
        """The listing rule of the chosen facility's prison system, shown beside the finder."""
        facility = self.chosen_facility
        return facility.jurisdiction.listing_notice if facility else ""

    @property
    def current_photo_preview(self):
        """The thumbnail the listing will show, as a data: URL (the files are not public)."""
        if self.cleaned_remove_photo:
            return ""
        image = self.kept_photo.thumbnail if self.kept_photo else self.instance.photo_thumbnail
        if not image:
            return ""
        try:
            with image.open("rb") as file:
                data = file.read()
        except OSError:
            return ""
        return "data:image/jpeg;base64," + base64.b64encode(data).decode()

    @property
    def cleaned_remove_photo(self):
        return self.is_bound and self["remove_photo"].data

    def clean_bio(self):
        return self.cleaned_data["bio"].strip()

    def clean_release_date(self):
        release = self.cleaned_data["release_date"]
        if release and release < timezone.localdate():
            raise ValidationError(
                _("The projected release date has passed. Leave it empty if it is not known."),
                code="past",
            )
        return release

    def clean_photo(self):
        """A new photo is checked, cleaned and kept at once, so that it survives whatever else
        the form says; without one, the photo kept on an earlier round trip stays chosen."""
        upload = self.cleaned_data.get("photo")
        key = self.data.get("photo_upload", "")
        # Keys are URL-safe tokens; anything else (a NUL byte breaks PostgreSQL) is unknown.
        known = SLUG_RE.fullmatch(key)
        earlier = PhotoUpload.objects.fresh().filter(key=key).first() if known else None
        if upload:
            processed = photos.process_upload(upload)
            self.kept_photo = PhotoUpload(created_at=timezone.now())
            self.kept_photo.photo.save(processed.photo.name, processed.photo, save=False)
            self.kept_photo.thumbnail.save(
                processed.thumbnail.name, processed.thumbnail, save=False
            )
            self.kept_photo.save()
            if earlier:
                earlier.delete_with_files()
        elif key:
            self.kept_photo = earlier
            if earlier is None:
                raise ValidationError(
                    _(
                        "The photo you chose earlier was not kept: it was more than a day ago. "
                        "Choose it again."
                    ),
                    code="photo_expired",
                )
        return upload

    @property
    def has_photo(self):
        """Whether the listing will have a photo once this form is saved."""
        if self.cleaned_remove_photo:
            return False
        return bool(self.kept_photo or self.instance.photo)

    def clean(self):
        """What is about this form; the rules of a profile are the model's (Profile.clean and
        its fields' validators), which the form runs too."""
        cleaned = super().clean()
        facility = cleaned.get("facility")
        if facility and self.asks_listing_confirmation and not cleaned.get("confirm_listing_risk"):
            self.add_error(
                "confirm_listing_risk",
                ValidationError(
                    _(
                        "Read the warning about the %(jurisdiction)s and confirm that they "
                        "still want to be listed."
                    )
                    % {"jurisdiction": facility.jurisdiction.name},
                    code="jurisdiction_warning",
                ),
            )
        if (
            self.kept_photo
            and not cleaned.get("remove_photo")
            and not cleaned.get("photo_taken_on")
            and "photo_taken_on" not in self.errors
        ):
            self.add_error("photo_taken_on", _("Enter roughly when the photo was taken."))
        return cleaned

    def _listing_risk_confirmed_before(self, jurisdiction):
        """The family confirmed this prison system's warning when they first sent the listing."""
        return bool(self.instance.pk) and self.instance.facility.jurisdiction_id == jurisdiction.pk

    @property
    def asks_listing_confirmation(self):
        facility = self.chosen_facility
        return (
            facility is not None
            and facility.jurisdiction.listing_policy == Jurisdiction.ListingPolicy.WARN
            and not self._listing_risk_confirmed_before(facility.jurisdiction)
        )

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.consent_attested_at = timezone.now()
        removing = self.cleaned_data.get("remove_photo")
        replaced = []
        if self.kept_photo or removing:
            replaced = profile._photo_files()
            profile.photo = profile.photo_thumbnail = ""
        if self.kept_photo and not removing:
            # The kept files become the listing's: same folders, nothing to copy.
            profile.photo = self.kept_photo.photo.name
            profile.photo_thumbnail = self.kept_photo.thumbnail.name
        if not profile.photo:
            profile.photo_taken_on = None
        if commit:
            profile.save()
            if self.kept_photo and removing:
                self.kept_photo.delete_with_files()
            elif self.kept_photo:
                self.kept_photo.delete()
            Profile._delete_files(replaced)
        return profile


class SubmissionForm(ProfileForm):
    """The anonymous form, with a honeypot and a signed start time against bots."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = new_start_token()

    def clean(self):
        cleaned = super().clean()
        try:
            self._started_at = int(
                signing.TimestampSigner(salt=TIMESTAMP_SALT).unsign(cleaned.get("started", ""))
            )
        except (signing.BadSignature, ValueError):
            self._started_at = None
            return cleaned
        if time.time() - self._started_at > FORM_MAX_AGE_SECONDS:
            # A person who left the form open overnight: nothing is lost, they send it again.
            self.data = self.data.copy()
            self.data["started"] = new_start_token()
            raise ValidationError(
                _(
                    "This form was opened more than a day ago. Check your answers, then send it "
                    "again."
                ),
                code="stale_form",
            )
        return cleaned

    def is_spam(self):
        """A filled honeypot, a forged start time, a form sent faster than a person can fill
        it in, or a start time that was already used for a listing. Uses the start time up."""
        if self.cleaned_data.get("website") or self._started_at is None:
            return True
        if time.time() - self._started_at < settings.PENPALS_SUBMIT_MIN_SECONDS:
            return True
        return not cache.add(self._used_key(), True, FORM_MAX_AGE_SECONDS)

    def _used_key(self):
        digest = hashlib.sha256(self.cleaned_data["started"].encode()).hexdigest()
        return f"profiles:submit-started:{digest}"


def new_start_token():
    return signing.TimestampSigner(salt=TIMESTAMP_SALT).sign(str(int(time.time())))


class TransferForm(FacilityFinderForm):
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Anything staff should know (optional)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].label = _("The facility they were moved to")
        self.fields["state"].label = _("State or territory they were moved to")


_rendered_selects = {}


def age_field(label, placeholder):
    return forms.IntegerField(
        min_value=18,
        max_value=110,
        required=False,
        label=label,
        widget=forms.NumberInput(attrs={"class": "form-control", "placeholder": placeholder}),
    )


class DirectoryFilterForm(forms.Form):
    """The directory's GET parameters: every result page is a link."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label=_("Search"),
        widget=forms.SearchInput(
            attrs={"class": "form-control", "placeholder": _("Name, interest or word")}
        ),
    )
    state = forms.ChoiceField(
        choices=[("", _("Any state")), *STATES], required=False, label=_("State")
    )
    # A slug, not a ModelChoiceField: copying a queryset field per request costs more than the
    # lookup, which the view does only when the filter is used.
    facility = forms.SlugField(required=False, max_length=220, widget=forms.HiddenInput)
    gender = forms.ChoiceField(
        choices=[("", _("Any gender")), *Profile.Gender.choices], required=False, label=_("Gender")
    )
    age_min = age_field(_("Age from"), pgettext_lazy("age", "From"))
    age_max = age_field(_("to"), pgettext_lazy("age", "To"))
    looking_for = forms.ChoiceField(
        choices=[("", _("Anything")), *LookingFor.choices], required=False, label=_("Looking for")
    )
    language = forms.ChoiceField(
        choices=[("", _("Any language")), *Language.choices], required=False, label=_("Language")
    )
    release_within = forms.TypedChoiceField(
        choices=[("", _("Any time")), ("6", _("Within 6 months")), ("12", _("Within a year")),
                 ("24", _("Within 2 years"))],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Release"),
    )  # fmt: skip
    new = forms.BooleanField(
        required=False,
        label=_("New this month"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    sort = forms.ChoiceField(
        choices=[(key, label) for key, (label, *_order) in SORTS.items()],
        required=False,
        label=_("Sort"),
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    # What narrows the list (the sort and the page do not); the two ages count as one filter.
    FILTERS = (
        "q", "state", "facility", "gender", "looking_for", "language", "release_within", "new",
    )  # fmt: skip

    def active_filter_count(self):
        """How many filters are in use, from what was sent (so a rejected form counts too)."""
        ages = bool(self.data.get("age_min") or self.data.get("age_max"))
        return sum(bool(self.data.get(name)) for name in self.FILTERS) + ages

    def select(self, name):
        """The <select> of a filter as Django's widget templates render it, kept per field, value,
        error state and language: the choices are fixed, and rendering some 60 options one
        template each cost more than the page's query."""
        field = self[name]
        value = str(field.value() or "")
        if value not in {str(key) for key, _label in field.field.choices}:
            value = ""
        key = (name, value, bool(field.errors), get_language())
        if key not in _rendered_selects:
            if len(_rendered_selects) > 500:
                _rendered_selects.clear()
            css = "form-select is-invalid" if field.errors else "form-select"
            attrs = field.build_widget_attrs({"id": field.auto_id, "class": css})
            _rendered_selects[key] = field.field.widget.render(field.html_name, value, attrs)
        return _rendered_selects[key]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_facility(self):
        slug = self.cleaned_data["facility"]
        if not slug:
            return None
        facility = Facility.objects.filter(slug=slug).first()
        if facility is None:
            raise ValidationError(_("We do not know this facility."), code="invalid_choice")
        return facility

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("The upper age must not be below the lower one."))
        return cleaned
