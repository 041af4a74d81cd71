"""The public directory and profile pages, the family's submission form, and the submitter's
private status page (reached only through the unguessable link we e-mail them)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import SavedProfile
from facilities.models import MailPolicy, policy_prefetches
from penpals.pagecache import (
    cache_get_many,
    cache_set_many,
    cached_for_visitors,
    public_pages_version,
)
from profiles import ratelimit
from profiles.emails import send_status_link
from profiles.forms import DirectoryFilterForm, ProfileForm, SubmissionForm, TransferForm
from profiles.models import HiddenReason, InvalidTransition, Profile
from profiles.pagination import BadCursor, keyset_page
from profiles.search import SORTS, directory, directory_summary

# Editing sends a listing (back) to staff from these statuses.
EDITABLE = {"pending", "changes_requested", "rejected", "expired", "approved"}
WITHDRAWABLE = {"pending", "changes_requested", "approved", "hidden", "expired"}
RELEASE_REPORTABLE = {"pending", "approved"}
TRANSFER_REPORTABLE = {"approved", "hidden", "expired"}
# Hidden because of reports: the submitter may be who a takedown is about, so (as in the
# e-mails) the status page says only that staff are reviewing the listing.
HIDDEN_BY_REPORTS = {HiddenReason.TAKEDOWN_REPORT, HiddenReason.MONEY_REPORTS}


@cached_for_visitors
def profile_list(request):
    """The directory: public profiles as cards, with filters, search and keyset pages."""
    # Before the rows: cards rendered from older rows must not be cached under a newer version.
    pages_version = public_pages_version(request)
    form = DirectoryFilterForm(request.GET)
    page, sort, status, total, cache_until = None, "newest", 200, 0, None
    if form.is_valid():
        profiles, sort = directory(form.cleaned_data)
        _, columns, types = SORTS[sort]
        size = settings.PENPALS_DIRECTORY_PAGE_SIZE
        try:
            page = keyset_page(profiles, columns, form.cleaned_data["after"], size, types)
        except BadCursor:
            form.add_error(None, "This page link is broken. Start again from the first page.")
        else:
            total, cache_until = directory_summary(profiles, form.cleaned_data, pages_version)
    if page is None:
        status = 400
    params = request.GET
    context = {
        "form": form,
        "page": page,
        "sort": sort,
        "total": total,
        "active_filters": form.active_filter_count(),
        "first_url": _link(params, drop=("after",)),
        "every_facility_url": _link(params, drop=("after", "facility")),
        "next_url": page and page.next_cursor and _link(params, after=page.next_cursor),
        "select_fields": [
            (form[name], form.options_html(name))
            for name in ("state", "gender", "looking_for", "language", "release_within")
        ]
        # The sort in use, which is "best match" when searching without choosing one.
        + [(form["sort"], form.options_html("sort", current=sort))],
        "cards": card_bodies(page.items, pages_version) if page else [],
        # A visitor's "Sign in to save" is the same on every card: rendered once.
        "visitor_save_button": None
        if request.user.is_authenticated
        else render_to_string("includes/save_button.html", {}, request),
        "age_fields": [form["age_min"], form["age_max"]],
        "saved_ids": SavedProfile.objects.ids_for(request.user),
    }
    response = TemplateResponse(request, "profiles/list.html", context, status=status)
    response.cache_until = cache_until
    return response


def card_bodies(profiles, pages_version):
    """[(profile, card body HTML)]: each body cached per profile, pages version and day (ages
    change on birthdays), fetched for the whole page in one round trip to the cache.

    Rendering two dozen cards costs more than the page's one query; the version changes with
    any write to a profile or its facility, so a card never outlives what it shows.
    """
    day = timezone.localdate().isoformat()
    keys = [f"card:{profile.pk}:{pages_version}:{day}" for profile in profiles]
    cached = cache_get_many(keys)
    # Cards build their links from this instead of reversing a URL each.
    context = {"profile_url_prefix": reverse("profiles:list")}
    rendered = {}
    for profile, key in zip(profiles, keys, strict=True):
        if key not in cached:
            context["profile"] = profile
            rendered[key] = render_to_string("includes/profile_card_body.html", context)
    if rendered:
        cache_set_many(rendered, 3600)
    # Rendered bodies are SafeStrings, and stay so through the cache's pickling.
    bodies = (cached.get(key) or rendered[key] for key in keys)
    return list(zip(profiles, bodies, strict=True))


def _link(params, drop=(), **replace):
    """This page's query string without `drop` and with `replace`: links keep the filters."""
    query = params.copy()
    for key in (*drop, *replace):
        query.pop(key, None)
    for key, value in replace.items():
        query[key] = value
    return f"?{query.urlencode()}"


@cached_for_visitors
def profile_detail(request, public_id):
    """One public profile: photo, bio, facts, the exact mailing address and mail rules."""
    profile = get_object_or_404(
        Profile.objects.public()
        .select_related("facility__jurisdiction")
        # The address renderer then reads the mail policy without further queries.
        .prefetch_related(*policy_prefetches("facility__")),
        public_id=public_id,
    )
    context = {
        "profile": profile,
        "is_saved": profile.pk in SavedProfile.objects.ids_for(request.user),
        **_mailing(profile),
    }
    response = TemplateResponse(request, "profiles/detail.html", context)
    response.cache_until = profile.public_until
    return response


def _mailing(profile):
    from facilities.addressing import mailing_address, policy_for

    try:
        policy = policy_for(profile.facility)
    except MailPolicy.DoesNotExist:
        return {"address": None, "address_error": "", "policy": None}
    try:
        address = mailing_address(
            first_name=profile.first_name,
            last_name=profile.last_name,
            number=profile.inmate_number,
            facility=profile.facility,
        )
        error = ""
    except ValidationError as problem:
        address, error = None, " ".join(problem.messages)
    return {
        "address": address,
        "address_error": error,
        "policy": policy,
    }


def submit(request):
    """The family's form: everything about the person, their consent, and a photo."""
    if request.method == "POST" and ratelimit.hit(
        "submit",
        ratelimit.client_address(request),
        limit=settings.PENPALS_SUBMIT_RATE_LIMIT,
        window=settings.PENPALS_SUBMIT_RATE_WINDOW,
    ):
        return ratelimit.too_many_attempts(
            request,
            reason="Too many listings were sent from your connection.",
            window=settings.PENPALS_SUBMIT_RATE_WINDOW,
        )
    initial = {"facility": request.GET.get("facility")} if request.method == "GET" else None
    form = SubmissionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # Silently dropped: a bot learns nothing from the answer.
            return render(request, "profiles/submitted.html")
        profile = _save_submission(form)
        mailed = send_status_link(profile, duplicate=bool(profile.duplicate_of_id))
        request.session["profiles_just_submitted"] = profile.pk
        request.session["profiles_link_mailed"] = mailed
        return redirect(profile.get_status_url())
    return render(
        request, "profiles/submit.html", {"form": form}, status=400 if form.errors else 200
    )


@transaction.atomic
def _save_submission(form):
    profile = form.save()
    duplicate = profile.find_duplicate()
    if duplicate:
        # Not lost: staff see both and decide.
        profile.duplicate_of = duplicate
        profile.save(update_fields=["duplicate_of", "updated_at"])
    return profile


def _status_lookup(token):
    return get_object_or_404(
        Profile.objects.select_related("facility__jurisdiction").exclude(
            status=Profile.Status.ERASED
        ),
        status_token=token,
    )


@never_cache
def status(request, token):
    """The submitter's private page: status, staff's reasons, and what they can do next."""
    profile = _status_lookup(token)
    just_submitted = request.session.pop("profiles_just_submitted", None) == profile.pk
    link_mailed = request.session.pop("profiles_link_mailed", True)
    return render(
        request,
        "profiles/status.html",
        {
            "profile": profile,
            "events": profile.events.all(),
            "just_submitted": just_submitted,
            "link_mailed": link_mailed,
            "hidden_by_reports": HIDDEN_BY_REPORTS,
            "can_edit": profile.status in EDITABLE,
            "can_withdraw": profile.status in WITHDRAWABLE,
            "can_report_release": profile.status in RELEASE_REPORTABLE,
            "can_report_transfer": _can_report_transfer(profile),
            "transfer_form": TransferForm(),
        },
    )


@never_cache
def status_edit(request, token):
    """Edit the listing; a changed listing goes (back) to staff before it is public."""
    profile = _status_lookup(token)
    if profile.status not in EDITABLE:
        return redirect(profile.get_status_url())
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            profile = form.save()
            if profile.status != Profile.Status.PENDING:
                profile.resubmit(note="Edited by the submitter.")
        messages.success(request, "Thank you. Staff will review the listing again.")
        return redirect(profile.get_status_url())
    return render(
        request,
        "profiles/status_edit.html",
        {"form": form, "profile": profile},
        status=400 if form.errors else 200,
    )


@require_POST
def status_renew(request, token):
    profile = _status_lookup(token)
    _act(request, profile, profile.renew, "Thank you: the listing is renewed.")
    return redirect(profile.get_status_url())


@require_POST
def status_withdraw(request, token):
    profile = _status_lookup(token)
    _act(request, profile, profile.withdraw, "The listing is withdrawn and no longer shown.")
    return redirect(profile.get_status_url())


@require_POST
def status_released(request, token):
    profile = _status_lookup(token)
    _act(
        request,
        profile,
        lambda: profile.mark_released(note="Release reported by the submitter."),
        "Thank you. The listing is hidden, so nobody writes to an address they have left.",
    )
    return redirect(profile.get_status_url())


@never_cache
def status_transfer(request, token):
    """Report a move to another facility: the listing goes back to staff to check it."""
    profile = _status_lookup(token)
    if not _can_report_transfer(profile):
        return redirect(profile.get_status_url())
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _act(
            request,
            profile,
            lambda: profile.mark_transferred(
                new_facility=form.cleaned_data["facility"], note=form.cleaned_data["note"]
            ),
            "Thank you. Staff will check the new facility before the listing is shown again.",
        )
        return redirect(profile.get_status_url())
    return render(
        request,
        "profiles/status_transfer.html",
        {"form": form, "profile": profile},
        status=400 if form.errors else 200,
    )


def _can_report_transfer(profile):
    # A transfer clears the hidden reason, so it must not undo a hide that staff must review.
    return profile.status in TRANSFER_REPORTABLE and profile.hidden_reason not in HIDDEN_BY_REPORTS


def _act(request, profile, action, success):
    try:
        action()
    except InvalidTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success)
