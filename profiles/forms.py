"""The family's submission form, the submitter's edit and transfer forms, and the directory's
filters."""

import re
import time
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from facilities.models import Facility, Jurisdiction
from profiles import photos
from profiles.models import Interest, Language, LookingFor, Profile, age_on
from profiles.search import SORTS

BIO_MIN, BIO_MAX = 80, 3000
# A listing is for letters, never for money (trust-and-safety item 3).
MONEY_REQUEST = re.compile(
    r"money\s*orders?|gift\s*cards?|cash\s*app|\$[a-z]\w*|venmo|paypal|zelle|western\s*union"
    r"|moneygram|send\s+(me\s+)?(some\s+)?(money|cash|funds)|commissary\s+(money|funds)"
    r"|jpay\s+(money|funds|transfer)|bitcoin|crypto",
    re.IGNORECASE,
)
MONEY_MESSAGE = (
    "Listings cannot ask for money, money orders, gift cards or payment apps. Penpals is for "
    "letters only; please remove this part."
)
TIMESTAMP_SALT = "profiles.submit.started"

US_STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("PR", "Puerto Rico"), ("RI", "Rhode Island"),
    ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"),
    ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"),
    ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
]  # fmt: skip
STATE_NAMES = dict(US_STATES)


@lru_cache(maxsize=1024)
def _options_html(name, choices, current):
    return format_html_join(
        "",
        "<option value=\"{}\"{}>{}</option>",
        ((value, mark_safe(" selected") if str(value) == current else "", label)
         for value, label in choices),
    )  # fmt: skip


def reject_money_requests(text):
    if MONEY_REQUEST.search(text or ""):
        raise ValidationError(MONEY_MESSAGE, code="money_request")


def single_line(name):
    # Names go into e-mail subjects, where a line break is refused (BadHeaderError, a 500).
    if "\n" in name or "\r" in name:
        raise ValidationError("Please write the name on one line.", code="line_break")
    return name


class FacilitySelect(forms.Select):
    """A <select> of two thousand facilities, grouped by state, built without a template per
    option (which takes most of a second)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        current = str(value or "")
        groups = {}
        empty = ""
        for option_value, label in self.choices:
            if not option_value:
                empty = format_html('<option value="">{}</option>', label)
                continue
            state = option_value.instance.physical_state or "Other"
            groups.setdefault(state, []).append((str(option_value), label))
        html = [format_html("<select{}>", flatatt(final_attrs)), empty]
        for state, options in groups.items():
            html.append(format_html('<optgroup label="{}">', STATE_NAMES.get(state, state)))
            html.append(
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    (
                        (v, mark_safe(" selected") if v == current else "", label)
                        for v, label in options
                    ),
                )  # fmt: skip
            )
            html.append(mark_safe("</optgroup>"))
        html.append(mark_safe("</select>"))
        return mark_safe("".join(html))  # noqa: S308


def facility_field(**kwargs):
    """Facilities by slug, labelled with their place (Facility.__str__)."""
    return forms.ModelChoiceField(
        queryset=Facility.objects.open().order_by("physical_state", "name"),
        to_field_name="slug",
        empty_label="Choose the facility",
        widget=FacilitySelect,
        **kwargs,
    )


class ProfileForm(forms.ModelForm):
    """What the family writes about the person. Status, ids, tokens and every moderation
    field are server-controlled and not on the form."""

    facility = facility_field(
        help_text="Where the person is held now. Can't find it? Look it up in the facilities "
        "directory."
    )
    interests = forms.MultipleChoiceField(
        choices=Interest.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    languages = forms.MultipleChoiceField(
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The languages they can read and write letters in.",
    )
    looking_for = forms.MultipleChoiceField(
        choices=LookingFor.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Looking for",
    )
    bio = forms.CharField(
        label="About them, in their words",
        min_length=BIO_MIN,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": BIO_MAX}),
        help_text="Between 80 and 3,000 characters, plain text. Never ask for money.",
    )
    photo = forms.FileField(
        required=False,
        label="Photo",
        help_text="A JPEG, PNG or WebP photo of the person, at most 5 MB and 25 megapixels. "
        "We remove location and camera data before storing it.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    consent = forms.BooleanField(
        label="The person has agreed to be listed on Penpals, with this information and photo.",
        help_text="Some prisons discipline people for pen-pal listings they did not ask for. "
        "Staff confirm consent with the person before anything is published.",
    )
    confirm_listing_risk = forms.BooleanField(
        required=False,
        label="I have read the warning for this prison system, and the person still wants "
        "to be listed.",
    )

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
            "first_name": "First name (as on the prison's record)",
            "last_name": "Last name (as on the prison's record)",
            "preferred_name": "Name they like to be called (optional)",
            "inmate_number": "Inmate number",
            "date_of_birth": "Date of birth",
            "gender_self_description": "Gender, in their words",
            "release_date": "Projected release date (optional)",
            "release_date_kind": "That date is the",
            "offense_summary": "Offense (optional)",
            "photo_taken_on": "When the photo was taken",
            "submitter_name": "Your name",
            "submitter_email": "Your e-mail address",
            "submitter_relationship": "Your relationship to them",
        }
        help_texts = {
            "inmate_number": "The number the prison uses in their address.",
            "date_of_birth": "Only adults (18 or older) can be listed. We show the age, never "
            "the date.",
            "offense_summary": "Some writers want to know; you may leave it out.",
            "gender_self_description": "Only if you chose self-described.",
            "submitter_email": "We send a private link to manage the listing here. It is "
            "never shown to anyone.",
        }
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "release_date": forms.DateInput(attrs={"type": "date"}),
            "photo_taken_on": forms.DateInput(attrs={"type": "date"}),
            "offense_summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", "Choose"), *Profile.Gender.choices]
        for name in ("date_of_birth", "gender", "submitter_name", "submitter_email"):
            self.fields[name].required = True
        self.fields["submitter_relationship"].required = True
        self.fields["photo"].required = not (self.instance.pk and self.instance.photo)
        self.processed_photo = None

    def clean_bio(self):
        bio = self.cleaned_data["bio"].strip()
        reject_money_requests(bio)
        return bio

    def clean_first_name(self):
        return single_line(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return single_line(self.cleaned_data["last_name"])

    def clean_preferred_name(self):
        name = single_line(self.cleaned_data["preferred_name"])
        reject_money_requests(name)
        return name

    def clean_offense_summary(self):
        summary = self.cleaned_data["offense_summary"]
        reject_money_requests(summary)
        return summary

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError("The date of birth is in the future.", code="future")
        if age_on(born, today) < 18:
            raise ValidationError(
                "Penpals lists adults only: the person must be 18 or older.", code="under_18"
            )
        if age_on(born, today) > 110:
            raise ValidationError("Please check the year of birth.", code="too_old")
        return born

    def clean_release_date(self):
        release = self.cleaned_data["release_date"]
        if release and release < timezone.localdate():
            raise ValidationError(
                "The projected release date has passed. Leave it empty if it is not known.",
                code="past",
            )
        return release

    def clean_photo_taken_on(self):
        taken = self.cleaned_data["photo_taken_on"]
        if taken and taken > timezone.localdate():
            raise ValidationError("The date the photo was taken is in the future.", code="future")
        return taken

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            self.processed_photo = photos.process_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        facility = cleaned.get("facility")
        if facility:
            self._check_listing_policy(facility.jurisdiction, cleaned)
            number = cleaned.get("inmate_number")
            if number:
                try:
                    cleaned["inmate_number"] = check_inmate_number(number, facility)
                except ValidationError as error:
                    self.add_error("inmate_number", error)
        if (
            cleaned.get("gender") == Profile.Gender.SELF_DESCRIBED
            and not cleaned.get("gender_self_description", "").strip()
        ):
            self.add_error(
                "gender_self_description", "Please describe their gender in their words."
            )
        if cleaned.get("release_date") and cleaned.get("release_date_kind") == "unknown":
            self.add_error(
                "release_date_kind",
                "Say whether the date is the earliest possible release or the maximum.",
            )
        if self.processed_photo and not cleaned.get("photo_taken_on"):
            self.add_error("photo_taken_on", "Please tell us roughly when the photo was taken.")
        return cleaned

    def _check_listing_policy(self, jurisdiction, cleaned):
        policy = jurisdiction.listing_policy
        explanation = jurisdiction.listing_policy_explanation
        if policy == Jurisdiction.ListingPolicy.REFUSED:
            self.add_error(
                "facility",
                ValidationError(
                    f"We cannot list people held by the {jurisdiction.name}. "
                    f"{explanation or 'Being listed can get them disciplined.'}",
                    code="jurisdiction_refused",
                ),
            )
        elif policy == Jurisdiction.ListingPolicy.WARN and not cleaned.get("confirm_listing_risk"):
            self.listing_warning = explanation
            self.add_error(
                "confirm_listing_risk",
                ValidationError(
                    f"Please read this warning about the {jurisdiction.name} and confirm: "
                    f"{explanation or 'listing can carry a risk for the person.'}",
                    code="jurisdiction_warning",
                ),
            )

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.consent_attested_at = timezone.now()
        old_files = []
        if self.processed_photo:
            old_files = [(f.storage, f.name) for f in (profile.photo, profile.photo_thumbnail) if f]
            profile.photo.save(self.processed_photo.photo.name, self.processed_photo.photo, False)
            profile.photo_thumbnail.save(
                self.processed_photo.thumbnail.name, self.processed_photo.thumbnail, False
            )
        if commit:
            profile.save()
            for storage, name in old_files:
                storage.delete(name)
        return profile


def check_inmate_number(number, facility):
    """The number in the jurisdiction's format (from the facility's mail policy)."""
    from facilities.addressing import validate_inmate_number
    from facilities.models import MailPolicy

    try:
        return validate_inmate_number(number, facility)
    except MailPolicy.DoesNotExist:
        # No mail policy yet: staff check the number against the locator anyway.
        return " ".join(number.split()).upper()


class SubmissionForm(ProfileForm):
    """The anonymous form, with a honeypot and a signed start time against bots."""

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.TimestampSigner(salt=TIMESTAMP_SALT).sign(
                str(int(time.time()))
            )

    @property
    def is_spam(self):
        """A filled honeypot, or a form sent faster than a person can fill it in."""
        if self.cleaned_data.get("website"):
            return True
        try:
            started = int(
                signing.TimestampSigner(salt=TIMESTAMP_SALT).unsign(
                    self.cleaned_data.get("started", "")
                )
            )
        except (signing.BadSignature, ValueError):
            return True
        return time.time() - started < settings.PENPALS_SUBMIT_MIN_SECONDS


class TransferForm(forms.Form):
    facility = facility_field(label="The facility they were moved to")
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Anything staff should know (optional)",
    )


class DirectoryFilterForm(forms.Form):
    """The directory's GET parameters: every result page is a link."""

    q = forms.CharField(required=False, max_length=100, label="Search")
    state = forms.ChoiceField(choices=[("", "Any state"), *US_STATES], required=False)
    # A slug, not a ModelChoiceField: copying a queryset field per request costs more than the
    # lookup, which the view does only when the filter is used.
    facility = forms.SlugField(required=False, max_length=220, widget=forms.HiddenInput)
    gender = forms.ChoiceField(
        choices=[("", "Any gender"), *Profile.Gender.choices], required=False
    )
    age_min = forms.IntegerField(min_value=18, max_value=110, required=False, label="Age from")
    age_max = forms.IntegerField(min_value=18, max_value=110, required=False, label="to")
    looking_for = forms.ChoiceField(
        choices=[("", "Anything"), *LookingFor.choices], required=False, label="Looking for"
    )
    language = forms.ChoiceField(choices=[("", "Any language"), *Language.choices], required=False)
    release_within = forms.TypedChoiceField(
        choices=[("", "Any time"), ("6", "Within 6 months"), ("12", "Within a year"),
                 ("24", "Within 2 years")],
        coerce=int,
        empty_value=None,
        required=False,
        label="Release",
    )  # fmt: skip
    new = forms.BooleanField(required=False, label="New this month")
    sort = forms.ChoiceField(
        choices=[(key, label) for key, (label, _, _) in SORTS.items()],
        required=False,
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

    def options_html(self, name, current=None):
        """The <option>s of a select, built in Python: per-option templates are slow."""
        current = self.data.get(name, "") if current is None else current
        return _options_html(name, tuple(self.fields[name].choices), current)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_facility(self):
        slug = self.cleaned_data["facility"]
        if not slug:
            return None
        facility = Facility.objects.filter(slug=slug).first()
        if facility is None:
            raise ValidationError("We do not know this facility.", code="invalid_choice")
        return facility

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", "The upper age must not be below the lower one.")
        return cleaned
