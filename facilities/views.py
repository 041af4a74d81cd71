"""Public facility pages: the directory, and where and how to send mail to one prison."""

from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, render

from facilities.addressing import (
    number_format_hint,
    placeholder_address,
    policy_for,
    street_address_receives_mail,
)
from facilities.models import Facility, MailPolicy
from facilities.sources import publisher, source_links

PAGE_SIZE = 50


def facility_list(request):
    """Open facilities, searchable by name, city or state and filterable by state."""
    query = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "").strip().upper()[:2]
    if "\x00" in query + state:
        # PostgreSQL refuses NUL characters in a query parameter (a 500 otherwise).
        raise BadRequest("NUL character in the search.")
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
        policy, address, address_missing = None, [], "We have no mail rules for this facility yet."
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
            "sources": source_links(policy.source_urls) if policy else [],
            "listing_source": publisher(facility.jurisdiction.listing_policy_source)
            if facility.jurisdiction.listing_policy_source
            else "",
        },
    )
