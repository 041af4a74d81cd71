"""The intermediate forms of the moderation actions: what staff record with each decision."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminRadioSelect, AutocompleteSelect
from django.utils import timezone

from facilities.models import Facility
from profiles.models import ConsentMethod, CustodyVerificationMethod, Profile, RejectionReason

from .emails import ERASURE_REASONS

NOTE_TO_SUBMITTER = "Note to the submitter"
NOTE_HELP = "Sent to the submitter by e-mail and kept in the history."


def note_field(required=False, label=NOTE_TO_SUBMITTER, help_text=NOTE_HELP):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class DecisionForm(forms.Form):
    """What staff record with a decision; `step_data()` is what the workflow step receives."""

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = list(profiles)

    def step_data(self):
        return self.cleaned_data


class ApproveForm(DecisionForm):
    verified_on = forms.DateField(
        label="Custody verified on",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day you found the person in the official inmate locator.",
    )
    verification_method = forms.ChoiceField(
        label="How custody was verified",
        choices=CustodyVerificationMethod.choices,
        widget=AdminRadioSelect,
    )
    verification_note = forms.CharField(
        label="Verification note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text='What the locator showed, e.g. "OTIS: active, Bellamy Creek". Staff only.',
    )
    consent_method = forms.ChoiceField(
        label="How the person's consent was confirmed",
        choices=ConsentMethod.choices,
        widget=AdminRadioSelect,
    )
    consent_note = forms.CharField(
        label="Consent note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Required when the method is other. Staff only.",
    )
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the locator that fits these listings' prison systems, chosen already.
        federal = {profile.facility.jurisdiction.is_federal for profile in self.profiles}
        unfit = set()
        if federal == {True}:
            unfit.add(CustodyVerificationMethod.STATE_LOCATOR)
        elif federal == {False}:
            unfit.add(CustodyVerificationMethod.BOP_LOCATOR)
        methods = self.fields["verification_method"]
        methods.choices = [(v, label) for v, label in methods.choices if v not in unfit]
        if len(federal) == 1:
            methods.initial = methods.choices[0][0]
        # "Signed consent form received" only once staff recorded that it came back.
        consent = self.fields["consent_method"]
        if not self.profiles or not all(p.consent_form_received_at for p in self.profiles):
            consent.choices = [
                (v, label) for v, label in consent.choices if v != ConsentMethod.SIGNED_FORM
            ]
        elif self.profiles:
            consent.initial = ConsentMethod.SIGNED_FORM
        if not consent.initial:
            # Keyboard first: the one choice left is where the page opens.
            consent.widget.attrs["autofocus"] = True

    @property
    def ready_to_approve(self):
        """Everything is chosen already: the page focuses the approve button."""
        return bool(self.fields["consent_method"].initial)

    def clean_verified_on(self):
        verified_on = self.cleaned_data["verified_on"]
        today = timezone.localdate()
        if verified_on > today:
            raise forms.ValidationError("The verification date cannot be in the future.")
        oldest = today - timedelta(days=settings.PENPALS_VERIFICATION_MAX_AGE_DAYS)
        if verified_on < oldest:
            raise forms.ValidationError(
                "This check is too old to publish on: verify custody again today."
            )
        return verified_on

    def clean(self):
        data = super().clean()
        if data.get("consent_method") == ConsentMethod.OTHER and not data.get("consent_note"):
            self.add_error("consent_note", "Describe how consent was confirmed.")
        return data


class RejectForm(DecisionForm):
    reason = forms.ChoiceField(choices=RejectionReason.choices, widget=AdminRadioSelect)
    note = note_field()


class RequestChangesForm(DecisionForm):
    note = note_field(
        required=True,
        label="What should the submitter change?",
        help_text="Sent to the submitter by e-mail, with a link to edit the listing.",
    )


class NoteForm(DecisionForm):
    note = note_field()


class TransferForm(DecisionForm):
    # Labelled with the place (Facility.__str__), in the list and in the search box's answers.
    new_facility = forms.ModelChoiceField(
        queryset=Facility.objects.open(),
        # A search box (the facility admin's search), not a list of two thousand prisons.
        widget=AutocompleteSelect(Profile._meta.get_field("facility"), admin.site),
        help_text="The listing goes back to the queue: verify the person at the new facility "
        "before approving it again.",
    )
    note = note_field()


class EraseForm(DecisionForm):
    reason = forms.ChoiceField(
        choices=list(ERASURE_REASONS.items()),
        widget=AdminRadioSelect,
        help_text="Quoted to the submitter.",
    )
    note = note_field(
        help_text="Sent to the submitter by e-mail and kept with the minimal record. "
        "Do not write personal data here."
    )
    confirm = forms.BooleanField(
        label="I understand that the person's data and photo are deleted and cannot be restored.",
    )

    def step_data(self):
        # The tick box only confirms the staff member meant it.
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm"}


class MailedInListingForm(forms.ModelForm):
    """What staff enter from a letter: the person's own word is the consent record."""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("consent_document") and not cleaned.get("consent_note", "").strip():
            raise forms.ValidationError(
                "Attach the scan of the letter or signed form, or describe it in the consent "
                "note: it is the record of the person's consent."
            )
        return cleaned
