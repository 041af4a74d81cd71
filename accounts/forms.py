import datetime

from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.validators import ADULT_AGE, age_on

from .models import TIME_ZONES, ReturnAddress, User

# USPS codes: the states, DC, the territories, and military mail (AA, AE, AP).
USPS_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI AA AE AP"
)
US_STATES = [("", _("Choose…")), *((code, code) for code in USPS_CODES.split(" "))]


def plain_labels(form, labels):
    """The site's words for allauth's fields ("e-mail", as on every page), and no placeholders
    repeating the labels."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]
        if isinstance(field, forms.EmailField):
            field.error_messages["invalid"] = _("Enter an e-mail address, like name@example.com.")


class BrowserTimeZoneField(forms.CharField):
    """The browser's time zone, filled in by static/js/time-zone.js; empty without it, and
    anything that is not a known zone is dropped rather than refused."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, **kwargs)

    def clean(self, value):
        return value if value in TIME_ZONES else ""


class LoginForm(allauth_forms.LoginForm):
    time_zone = BrowserTimeZoneField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_labels(self, {"login": _("E-mail address"), "remember": _("Keep me signed in")})

    def login(self, request, redirect_url=None):
        # A writer who never chose a time zone gets the browser's they sign in with.
        user = getattr(self, "user", None)
        if user and not user.time_zone and self.cleaned_data["time_zone"]:
            user.time_zone = self.cleaned_data["time_zone"]
            user.save(update_fields=["time_zone"])
        # E-mails sent outside a page follow the language the writer signs in with.
        if user and user.language != request.LANGUAGE_CODE:
            user.language = request.LANGUAGE_CODE
            user.save(update_fields=["language"])
        return super().login(request, redirect_url=redirect_url)


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_labels(self, {"email": _("New e-mail address")})


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_labels(self, {"email": _("E-mail address")})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_labels(self, {"password1": _("New password"), "password2": _("New password again")})


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_labels(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("New password again"),
            },
        )


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up (e-mail, password twice) plus a display name, an age check and the
    community guidelines."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("How Penpals greets you. Never shown to the public."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        help_text=_("Writers must be 18 or older. We check it and do not keep it."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
    )
    accept_guidelines = forms.BooleanField(
        error_messages={"required": _("Please accept the community guidelines to continue.")},
    )
    time_zone = BrowserTimeZoneField()

    field_order = ["display_name", "email", "password1", "password2", "date_of_birth"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_labels(
            self,
            {
                "email": _("E-mail address"),
                "password1": _("Password"),
                "password2": _("Password again"),
            },
        )
        self.fields["accept_guidelines"].label = format_html(
            gettext(
                'I am 18 or older, and I accept the <a href="{}">community guidelines</a>: '
                "no money, no requests for money, respect facility rules, report abuse."
            ),
            reverse("guidelines"),
        )

    def try_save(self, request):
        if self.account_already_exists:
            # Nothing is created for a taken address, but the password is hashed all the same:
            # hashing is most of what a new account costs, and an answer that comes back a few
            # hundred milliseconds sooner tells a stranger that the address has an account.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(gettext("That date is in the future. Please check it."))
        if born < today - datetime.timedelta(days=366 * 120):
            raise forms.ValidationError(gettext("Please check the year of your date of birth."))
        if age_on(born, today) < ADULT_AGE:
            raise forms.ValidationError(
                gettext("Penpals is for adults: you must be 18 or older to write through it.")
            )
        return born


class DisplayNameForm(forms.ModelForm):
    """The writer's name on Penpals and the time zone their pages use."""

    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        required=False,
        help_text=_("When your letters were saved and changed is shown in this time zone."),
        widget=forms.Select(attrs={"data-browser-time-zone": "time-zone-from-browser"}),
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone"]
        labels = {"display_name": _("Display name")}
        help_texts = {"display_name": _("How Penpals greets you. Never shown to the public.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["time_zone"].choices = [
            ("", gettext("The site's (%(zone)s)") % {"zone": settings.TIME_ZONE.replace("_", " ")}),
            *((zone, zone.replace("_", " ")) for zone in sorted(TIME_ZONES)),
        ]


class ReturnAddressForm(forms.ModelForm):
    """The writer's return address. The owner is set by the view, never by the form."""

    state = forms.ChoiceField(label=_("State"), choices=US_STATES)
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        validators=[
            RegexValidator(r"^\d{5}(-\d{4})?$", _("Enter a ZIP code like 12345 or 12345-6789."))
        ],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )

    class Meta:
        model = ReturnAddress
        fields = ["first_name", "last_name", "street", "street2", "city", "state", "zip_code"]
        labels = {
            "first_name": _("Full first name"),
            "last_name": _("Last name"),
            "street": _("Street or P.O. box"),
            "street2": _("Address line 2"),
            "city": _("City"),
        }
        help_texts = {
            "first_name": _("As on your ID: many prisons return mail that shows only initials."),
            "street": _("A P.O. box is safest, e.g. PO Box 1234."),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "street2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("first_name", "last_name", "street", "street2", "city"):
            if cleaned.get(name):
                cleaned[name] = " ".join(cleaned[name].split())
        first = cleaned.get("first_name", "")
        if first and len(first.rstrip(".")) < 2:
            self.add_error(
                "first_name", gettext("Please write your full first name, not an initial.")
            )
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this deletes my account and everything in it, for good."),
        error_messages={"required": _("Please tick the box to confirm.")},
    )
