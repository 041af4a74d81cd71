"""The public directory and profile pages, the family's submission form, and the submitter's
private status page (reached only through the unguessable link we e-mail them)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts.models import SavedProfile
from facilities.models import Jurisdiction, MailPolicy, human_list, policy_prefetches
from pagecache import CacheablePage, cached_fragments, cached_page, pages_version
from profiles import ratelimit
from profiles.emails import send_status_link
from profiles.forms import DirectoryFilterForm, SubmissionForm
from profiles.models import Profile
from profiles.pagination import BadCursor, keyset_page
from profiles.search import (
    CALENDAR_FIELDS,
    SORTS,
    directory,
    directory_summary,
    stops_matching_at,
)


def saved_profile_ids(request):
    """The writer's own state on the cached pages: which profiles they saved (one query)."""
    return SavedProfile.objects.ids_for(request.user)


def _saved_ids(request):
    # Read only by a page rendered for this writer alone (the page cache reads its own).
    return SimpleLazyObject(lambda: saved_profile_ids(request))


@cached_page(writer_state=saved_profile_ids)
def profile_list(request):
    """The directory: public profiles as cards, with filters, search and keyset pages."""
    # Before the rows: cards rendered from older rows must not be cached under a newer version.
    version = pages_version(request)
    form = DirectoryFilterForm(request.GET)
    page, status, total, cache_until = None, 200, 0, None
    if form.is_valid():
        profiles, sort, tiers = directory(form.cleaned_data)
        _label, columns, types = SORTS[sort]
        size = settings.PENPALS_DIRECTORY_PAGE_SIZE
        try:
            page = keyset_page(tiers, columns, form.cleaned_data["after"], size, types)
        except BadCursor:
            form.add_error(None, _("This page link is broken. Start again from the first page."))
        else:
            total, count_until = directory_summary(profiles, form.cleaned_data, version)
            # The count's moment covers only the profiles it counted: the cards shown too.
            shown = [{f: getattr(p, f) for f in CALENDAR_FIELDS} for p in page.items]
            shown_until = stops_matching_at(form.cleaned_data, shown)
            cache_until = min((t for t in (count_until, shown_until) if t), default=None)
    if page is None:
        status = 400
    params = request.GET
    context = {
        "form": form,
        "page": page,
        "total": total,
        # "More than 1,000": no more were counted.
        "count_limit": settings.PENPALS_DIRECTORY_COUNT_LIMIT
        if total > settings.PENPALS_DIRECTORY_COUNT_LIMIT
        else None,
        "active_filters": form.active_filter_count(),
        # Offered only where there are earlier pages to go back to.
        "earlier_pages_url": page and not page.is_first and _link(params, drop=("after",)),
        "every_facility_url": _link(params, drop=("after", "facility")),
        "next_url": page and page.next_cursor and _link(params, after=page.next_cursor),
        # The sort shows what was chosen: a search from a page sorted by default is sorted by
        # best match, not by the newest that the page before it showed.
        "select_fields": [
            (form[name], form.select(name))
            for name in ("state", "gender", "looking_for", "language", "release_within", "sort")
        ],
        "cards": card_bodies(page.items, version) if page else [],
        # A visitor's "Sign in to save" is the same on every card: rendered once.
        "visitor_save_button": None
        if request.user.is_authenticated
        else render_to_string("includes/save_button.html", {}, request),
        "age_fields": [form["age_min"], form["age_max"]],
        "saved_ids": _saved_ids(request),
    }
    return CacheablePage(
        request, "profiles/list.html", context, cache_until=cache_until, status=status
    )


def card_bodies(profiles, version):
    """[(profile, card body HTML)], each body cached per profile, `version` of the public pages
    and day: rendering two dozen cards costs more than the page's one query."""
    # Cards build their links from this instead of reversing a URL each.
    context = {"profile_url_prefix": reverse("profiles:list")}

    def render(profile):
        return render_to_string("includes/profile_card_body.html", {**context, "profile": profile})

    # Never kept past a listing leaving the directory by the calendar: its photo link stops
    # then (profiles.photo_urls), and so must every copy of its card.
    return cached_fragments("card", profiles, render, version, until=lambda p: p.public_until)


def _link(params, drop=(), **replace):
    """This page's query string without `drop` and with `replace`: links keep the filters."""
    query = params.copy()
    for key in (*drop, *replace):
        query.pop(key, None)
    for key, value in replace.items():
        query[key] = value
    return f"?{query.urlencode()}"


@cached_page(writer_state=saved_profile_ids)
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
        "saved_ids": _saved_ids(request),
        **_mailing(profile),
    }
    return CacheablePage(request, "profiles/detail.html", context, cache_until=profile.public_until)


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


def submit_start(request):
    """Who can be listed, what we check, how long it takes and what it costs, before the form."""
    refused = Jurisdiction.objects.filter(listing_policy=Jurisdiction.ListingPolicy.REFUSED)
    return render(
        request,
        "profiles/submit_start.html",
        {"refused": human_list(refused.order_by("name").values_list("name", flat=True))},
    )


def submit(request):
    """The family's form: their consent, where the person is held, about them, and a photo."""
    if request.method == "POST" and ratelimit.hit(
        "submit",
        ratelimit.client_address(request),
        limit=settings.PENPALS_SUBMIT_RATE_LIMIT,
        window=settings.PENPALS_SUBMIT_RATE_WINDOW,
    ):
        return ratelimit.too_many_attempts_page(
            request,
            reason=_("Too many listings were sent from your connection."),
            window=settings.PENPALS_SUBMIT_RATE_WINDOW,
        )
    initial = {"facility": request.GET.get("facility")} if request.method == "GET" else None
    form = SubmissionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and "show_facilities" not in request.POST:
        if form.is_spam():
            # Silently dropped: a bot learns nothing from the answer.
            return render(request, "profiles/submitted.html")
        profile = _save_submission(form)
        request.session["profiles_just_submitted"] = profile.pk
        return redirect(profile.get_status_url())
    return form_page(request, "profiles/submit.html", form)


def form_page(request, template, form, **context):
    """A family form again: with its errors (400), or after "Show facilities" without
    JavaScript, with every value and the photo kept and no errors yet (200)."""
    if "show_facilities" in request.POST:
        form.errors.clear()
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


@transaction.atomic
def _save_submission(form):
    # The page's language (the switcher's cookie, else the browser's): e-mails follow it.
    language = translation.get_language()
    form.instance.submitter_language = language if language in dict(settings.LANGUAGES) else "en"
    profile = form.save()
    duplicate = profile.find_duplicate()
    if duplicate:
        # Not lost: staff see both and decide.
        profile.duplicate_of = duplicate
        profile.save(update_fields=["duplicate_of", "updated_at"])
    # Queued in the same transaction: a saved listing always gets its link, a refused one never.
    send_status_link(profile, duplicate=bool(duplicate))
    return profile
