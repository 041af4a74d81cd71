"""The family's private status link: follow the listing, and change, renew, report a release or
a move, or withdraw it. Whoever holds the unguessable link manages the listing.

What each page offers comes from the profile's state machine (`Profile.can`), and every action
is a `services.decide` step, with the same e-mails and notices as when staff take it.
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from facilities.addressing import policy_for
from facilities.models import MailPolicy
from profiles.forms import ProfileForm, TransferForm
from profiles.models import HIDDEN_BY_REPORTS, InvalidTransition, Profile
from profiles.views import form_page

from .services import decide


def _lookup(token):
    return get_object_or_404(
        Profile.objects.select_related("facility__jurisdiction").exclude(
            status=Profile.Status.ERASED
        ),
        status_token=token,
    )


@never_cache
def status(request, token):
    """The submitter's private page: status, staff's reasons, and what they can do next."""
    profile = _lookup(token)
    just_submitted = request.session.pop("profiles_just_submitted", None) == profile.pk
    return render(
        request,
        "moderation/status.html",
        {
            "profile": profile,
            "events": profile.events.all(),
            "just_submitted": just_submitted,
            "hidden_by_reports": HIDDEN_BY_REPORTS,
            "can": {
                step: profile.can(step)
                for step in ("renew", "withdraw", "mark_released", "mark_transferred")
            },
            # Before approval, and while staff have nothing in the person's own hand.
            "offer_consent_form": profile.can("approve")
            and not profile.has_consent_record
            and bool(settings.PENPALS_POSTAL_ADDRESS),
        },
    )


@never_cache
def edit(request, token):
    """Edit the listing; a changed listing goes (back) to staff before it is public."""
    profile = _lookup(token)
    if not profile.can_edit:
        return redirect(profile.get_status_url())
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid() and "show_facilities" not in request.POST:
        with transaction.atomic():
            profile = form.save()
            if profile.status != Profile.Status.PENDING:
                decide(profile, "resubmit", note="Edited by the submitter.")
        messages.success(request, _("Thank you. Staff will review the listing again."))
        return redirect(profile.get_status_url())
    return form_page(request, "moderation/status_edit.html", form, profile=profile)


@never_cache
def consent_form(request, token):
    """A one-page consent form to print: the person signs it and mails it back, and staff
    type its code in when it arrives ("signed consent form received")."""
    profile = _lookup(token)
    postal_address = [line.strip() for line in settings.PENPALS_POSTAL_ADDRESS.split("|")]
    if not profile.can("approve") or not any(postal_address):
        raise Http404("No consent form for this listing.")
    try:
        number_label = policy_for(profile.facility).inmate_number_label
    except MailPolicy.DoesNotExist:
        number_label = _("Number")
    from weasyprint import HTML  # imported here: pages without PDFs need no Pango

    html = render_to_string(
        "moderation/pdf/consent_form.html",
        {"profile": profile, "number_label": number_label, "postal_address": postal_address},
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="penpals-consent-form-{profile.consent_code}.pdf"'
    )
    return response


@require_POST
def renew(request, token):
    profile = _lookup(token)
    _act(request, profile, "renew", _("Thank you: the listing is renewed."))
    return redirect(profile.get_status_url())


@never_cache
def withdraw(request, token):
    """Withdrawal is for good, so it asks first and says what happens."""
    profile = _lookup(token)
    if not profile.can("withdraw"):
        return redirect(profile.get_status_url())
    if request.method == "POST":
        _act(
            request,
            profile,
            "withdraw",
            _("The listing is withdrawn: it is no longer shown, and its photos are deleted."),
        )
        return redirect(profile.get_status_url())
    return render(request, "moderation/status_withdraw.html", {"profile": profile})


@require_POST
def released(request, token):
    profile = _lookup(token)
    _act(
        request,
        profile,
        "mark_released",
        _("Thank you. The listing is hidden, so nobody writes to an address they have left."),
        note="Release reported by the submitter.",
    )
    return redirect(profile.get_status_url())


@never_cache
def transfer(request, token):
    """Report a move to another facility: the listing goes back to staff to check it."""
    profile = _lookup(token)
    if not profile.can("mark_transferred"):
        return redirect(profile.get_status_url())
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and "show_facilities" not in request.POST:
        _act(
            request,
            profile,
            "mark_transferred",
            _("Thank you. Staff will check the new facility before the listing is shown again."),
            new_facility=form.cleaned_data["facility"],
            note=form.cleaned_data["note"],
        )
        return redirect(profile.get_status_url())
    return form_page(request, "moderation/status_transfer.html", form, profile=profile)


def _act(request, profile, step, success, **data):
    try:
        decide(profile, step, **data)
    except InvalidTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success)
