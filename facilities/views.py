"""Public facility pages: the directory, and where and how to send mail to one prison."""

from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from facilities.addressing import (
    number_format_hint,
    placeholder_address,
    policy_for,
    street_address_receives_mail,
)
from facilities.models import Facility, MailPolicy
from facilities.sources import publisher, source_links

PAGE_SIZE = 50
# The submission form's facility finder shows this many matches and says how many there are.
FINDER_LIMIT = 20


def _search_text(request, name="q"):
    text = " ".join(request.GET.get(name, "").split())[:100]
    if "\x00" in text:
        # PostgreSQL refuses NUL characters in a query parameter (a 500 otherwise).
        raise BadRequest("NUL character in the search.")
    return text


def facility_list(request):
    """Open facilities, searchable by name, city or state and filterable by state."""
    query = _search_text(request)
    state = _search_text(request, "state").upper()[:2]
    facilities = Facility.objects.open().select_related("jurisdiction")
    if query:
        facilities = facilities.search(query)
    if state:
        facilities = facilities.filter(physical_state=state)
    page = Paginator(facilities.order_by(Lower("name"), "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    states = (
        Facility.objects.open()
        .exclude(physical_state="")
        .order_by("physical_state")
        .values_list("physical_state", flat=True)
        .distinct()
    )
    return render(
        request,
        "facilities/list.html",
        {"page": page, "query": query, "state": state, "states": list(states)},
    )


def facility_detail(request, slug):
    """Where to send mail, the rules that decide delivery, and how to check them."""
    facility = get_object_or_404(Facility.objects.with_policies(), slug=slug)
    try:
        policy = policy_for(facility)
        address, address_missing = placeholder_address(facility), ""
    except MailPolicy.DoesNotExist:
        policy, address, address_missing = (
            None,
            [],
            _("We have no mail rules for this facility yet."),
        )
    except ValidationError as error:
        address, address_missing = [], error.messages[0]
    return render(
        request,
        "facilities/detail.html",
        {
            "facility": facility,
            "jurisdiction": facility.jurisdiction,
            "policy": policy,
            "address": address,
            "number_hint": number_format_hint(policy) if policy else "",
            "address_missing": address_missing,
            "street_not_for_mail": not street_address_receives_mail(facility, address),
            "address_changed_at": max(
                (
                    t
                    for t in (facility.address_changed_at, policy and policy.address_changed_at)
                    if t
                ),
                default=None,
            ),
            "sources": source_links(policy.source_urls) if policy else [],
            "listing_source": publisher(facility.jurisdiction.listing_policy_source)
            if facility.jurisdiction.listing_policy_source
            else "",
        },
    )


@cache_control(public=True, max_age=300)
def facility_search(request):
    """Open facilities matching `q` (name words, city, state name or code), as JSON for the
    submission form's facility finder: enough to show the whole match, the listing rule of its
    prison system and what a right inmate number looks like, before the form is sent."""
    query = _search_text(request)
    matches = Facility.objects.open().search(query).order_by(Lower("name"), "pk")
    found = matches.with_policies()[:FINDER_LIMIT] if len(query) >= 2 else []
    return JsonResponse(
        {
            "query": query,
            "count": matches.count() if found else 0,
            "results": [facility_choice(facility) for facility in found],
        }
    )


def facility_choice(facility):
    """What the facility finder needs to show and choose one facility."""
    try:
        policy = policy_for(facility)
        number_label, number_hint = policy.inmate_number_label, number_format_hint(policy)
    except MailPolicy.DoesNotExist:
        number_label, number_hint = _("Inmate number"), ""
    jurisdiction = facility.jurisdiction
    return {
        "slug": facility.slug,
        "label": str(facility),
        "jurisdiction": jurisdiction.name,
        "listing_policy": jurisdiction.listing_policy,
        "listing_notice": jurisdiction.listing_notice,
        "number_label": number_label,
        "number_hint": number_hint,
    }
