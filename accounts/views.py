"""The writer's own pages: account, return address, saved profiles, export and deletion."""

import json

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as switch_language

from penpals.redirects import next_url
from profiles.models import Profile

from .adapters import too_many_attempts
from .deletion import delete_account
from .export import export_data
from .forms import DeleteAccountForm, DisplayNameForm, ReturnAddressForm
from .models import ReturnAddress, SavedProfile, User


def guidelines(request):
    """The community guidelines every writer accepts at sign-up, in plain words."""
    return render(request, "accounts/guidelines.html")


@never_cache
@login_required
def profile(request):
    """The account page: display name, private return address, and links to data control."""
    section = request.POST.get("section") if request.method == "POST" else None
    address = ReturnAddress.objects.filter(user=request.user).first()
    # Read before a rejected form writes the typed values onto the instance.
    envelope_lines = address.lines if address else []
    name_form = DisplayNameForm(
        request.POST if section == "name" else None, instance=request.user, prefix="name"
    )
    address_form = ReturnAddressForm(
        request.POST if section == "address" else None, instance=address, prefix="address"
    )
    form = {"name": name_form, "address": address_form}.get(section)
    if form is not None and form.is_valid():
        if form is address_form:
            form.instance.user = request.user
        form.save()
        messages.success(request, _("Your changes are saved."))
        return redirect("accounts:profile")
    context = {
        "name_form": name_form,
        "address_form": address_form,
        "envelope_lines": envelope_lines,
    }
    return render(request, "accounts/profile.html", context, status=400 if form else 200)


@login_required
def saved_list(request):
    """The profiles I saved, each marked with whether it is still listed."""
    saved = SavedProfile.objects.saved_by_with_listing(request.user)
    return render(request, "accounts/saved.html", {"saved": saved})


@login_required
@require_POST
def toggle_saved(request, public_id):
    """Save or unsave one profile, then go back where the button was."""
    existing = SavedProfile.objects.filter(user=request.user, profile__public_id=public_id)
    action = request.POST.get("action") or ("unsave" if existing.exists() else "save")
    if action == "unsave":
        existing.delete()
        messages.success(request, _("Removed from your saved profiles."))
    else:
        # Only a profile that is public now can be newly saved; anything else is a 404.
        profile = get_object_or_404(Profile.objects.public(), public_id=public_id)
        SavedProfile.objects.get_or_create(user=request.user, profile=profile)
        messages.success(
            request, _("Saved %(name)s to your list.") % {"name": profile.display_name}
        )
    return HttpResponseRedirect(next_url(request, "accounts:saved"))


@never_cache
@login_required
def export(request):
    """A JSON file with everything Penpals holds about me."""
    data = export_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"penpals-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete(request):
    """Delete my account and everything in it, after I type my password again."""
    form = DeleteAccountForm(request.POST or None)
    if form.is_valid():
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            return too_many_attempts(request, _("There have been too many password attempts."))
        if get_adapter(request).reauthenticate(request.user, form.cleaned_data["password"]):
            deleted = delete_account(request, request.user)
            logout(request)
            return render(request, "accounts/deleted.html", {"deleted": deleted})
        form.add_error("password", _("That password is not correct."))
    status = 400 if form.is_bound else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)


def set_language(request):
    """Django's language switch. A signed-in writer's choice is kept on the account too, for
    the e-mails sent to them outside a page (a listing they saved was hidden)."""
    response = switch_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
