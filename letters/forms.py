from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from letters.models import (
    MAX_BODY_CHARS,
    CorrespondenceLogEntry,
    Letter,
    ProhibitedItemsConfirmation,
)


class LetterForm(forms.Form):
    """The editor: text and enclosures, saved together under one version, and the writer's
    word about the facility's prohibited items (kept per writer and facility, not per letter)."""

    body = forms.CharField(
        label=_("Your letter"),
        required=False,
        strip=False,
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "true"}),
        error_messages={
            "max_length": _(
                "A letter can have at most %(limit_value)d characters (about 15 pages); this "
                "one has %(show_value)d. Split it into two letters."
            )
        },
    )
    # Capped at the column's range: a refused save stores its version in a revision.
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    photo_count = forms.IntegerField(
        label=_("Photos"), min_value=0, max_value=99, initial=0, required=False
    )
    photos_include_polaroids = forms.BooleanField(
        label=_("Some are Polaroid or instant photos"), required=False
    )
    card_count = forms.IntegerField(
        label=_("Greeting cards"), min_value=0, max_value=9, initial=0, required=False
    )
    prohibited_items_confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, letter, policy=None, **kwargs):
        initial = {
            "body": letter.body,
            "version": letter.version,
            "photo_count": letter.photo_count,
            "photos_include_polaroids": letter.photos_include_polaroids,
            "card_count": letter.card_count,
        }
        self.letter, self.policy = letter, policy
        # Asked only while the person is listed and the facility prohibits something.
        self.asks_about_items = bool(policy and policy.prohibited_items and letter.is_editable)
        if self.asks_about_items:
            facility = letter.profile.facility
            initial["prohibited_items_confirmed"] = not ProhibitedItemsConfirmation.unconfirmed(
                letter.writer, facility, policy
            )
        super().__init__(*args, initial=initial, **kwargs)
        if self.asks_about_items:
            self.fields["prohibited_items_confirmed"].label = gettext(
                "None of these will be in my envelopes to %(facility)s"
            ) % {"facility": facility.display_name}
        else:
            del self.fields["prohibited_items_confirmed"]

    def clean_body(self):
        # Browsers send CRLF; store one kind of line break so lengths and diffs are honest.
        return self.cleaned_data["body"].replace("\r\n", "\n")

    def letter_fields(self):
        data = self.cleaned_data
        return {
            "body": data["body"],
            "photo_count": data["photo_count"] or 0,
            "photos_include_polaroids": data["photos_include_polaroids"],
            "card_count": data["card_count"] or 0,
        }

    def save_confirmation(self):
        """Keep or drop the writer's word about the facility's prohibited items, when the page
        that sent the form asked for it (an unticked box is not sent at all)."""
        if self.asks_about_items and self.data.get("prohibited_items_asked"):
            ProhibitedItemsConfirmation.record(
                self.letter.writer,
                self.letter.profile.facility,
                self.policy,
                confirmed=self.cleaned_data["prohibited_items_confirmed"],
            )


def not_in_future(value):
    if value > timezone.localdate():
        raise forms.ValidationError(gettext("That date is in the future."))
    return value


class MarkSentForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Date mailed"),
        initial=timezone.localdate,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    return_address_by_hand = forms.BooleanField(
        label=_("I wrote my return address on the envelope by hand"), required=False
    )


class ReceivedForm(forms.Form):
    """A letter came from someone the writer has written to."""

    letter_from = forms.ModelChoiceField(
        label=_("From"), queryset=None, empty_label=None, to_field_name="public_id"
    )
    date = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_from"].queryset = profiles
        self.fields["letter_from"].label_from_instance = lambda p: f"{p.display_name} {p.last_name}"


class ReturnedForm(forms.Form):
    """A sent letter came back."""

    letter = forms.ModelChoiceField(label=_("Letter"), queryset=None, empty_label=None)
    date = forms.DateField(
        label=_("Date it came back"),
        initial=timezone.localdate,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.ChoiceField(
        label=_("What the envelope or the mailroom said"),
        choices=CorrespondenceLogEntry.ReturnReason.choices,
    )
    report = forms.BooleanField(
        label=_("Tell Penpals staff, so they can check whether the person was released or moved"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, letters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].queryset = letters
        self.fields["letter"].label_from_instance = lambda letter: (
            gettext("%(name)s, sent %(date)s")
            % {"name": letter.recipient_name, "date": date_format(letter.sent_on)}
        )


def sent_letters(user):
    return Letter.objects.filter(writer=user, status=Letter.Status.SENT).select_related("profile")
