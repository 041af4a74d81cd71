"""The public facility directory and facility pages."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from facilities.models import Facility, MailPolicy
from tests.factories import FacilityFactory, JurisdictionFactory, MailPolicyFactory

LIST_URL = reverse("facilities:list")


def names(response):
    return [f.name for f in response.context["page"].object_list]


# --- Directory ----------------------------------------------------------------------------------


def test_list_shows_open_facilities_only(client, db):
    FacilityFactory(name="Open Prison")
    FacilityFactory(name="Shut Prison", is_open=False)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert names(response) == ["Open Prison"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("aliceville", ["FCI Aliceville", "FCI Aliceville Camp"]),
        ("sci albion", ["SCI Albion"]),
        ("munising", ["Alger Correctional Facility"]),
        ("TX", ["Coffield Unit"]),
        ("texas", ["Coffield Unit"]),
        ("nowhere at all", []),
    ],
)
def test_search_matches_name_city_or_state(client, sample, query, expected):
    response = client.get(LIST_URL, {"q": query})
    assert names(response) == expected


def test_state_filter_narrows_the_list(client, sample):
    response = client.get(LIST_URL, {"state": "al"})
    assert names(response) == ["FCI Aliceville", "FCI Aliceville Camp"]
    assert 'value="AL" selected' in response.text


def test_list_is_paginated_and_keeps_the_search(client, db):
    jurisdiction = JurisdictionFactory(state="OH")
    for n in range(55):
        FacilityFactory(name=f"Ohio Prison {n:02}", jurisdiction=jurisdiction)
    first = client.get(LIST_URL, {"state": "OH"})
    second = client.get(LIST_URL, {"state": "OH", "page": 2})
    assert len(first.context["page"].object_list) == 50
    assert names(second) == [f"Ohio Prison {n}" for n in range(50, 55)]
    assert "state=OH&amp;page=2" in first.text
    assert "Page 1 of 2" in first.text and 'rel="prev"' not in first.text
    assert "Page 2 of 2" in second.text and "state=OH&amp;page=1" in second.text
    assert 'rel="next"' not in second.text


def test_list_sorts_names_whatever_their_case(client, db):
    for name in ["AUSP Thomson", "Aaron Center", "abbott House"]:
        FacilityFactory(name=name)
    assert names(client.get(LIST_URL)) == ["Aaron Center", "abbott House", "AUSP Thomson"]


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "9999"}, {"q": "x" * 500}])
def test_odd_parameters_do_not_break_the_list(client, db, params):
    FacilityFactory()
    assert client.get(LIST_URL, params).status_code == 200


@pytest.mark.parametrize("count", [3, 40])
def test_list_query_count_does_not_grow_with_the_page(
    client, db, count, django_assert_max_num_queries
):
    for _ in range(count):
        FacilityFactory()
    with django_assert_max_num_queries(4):
        response = client.get(LIST_URL, {"q": "test"})
    assert len(response.context["page"].object_list) == count


# --- Facility page ------------------------------------------------------------------------------


def test_bop_page_shows_the_po_box_and_marks_the_street_not_for_mail(client, sample):
    response = client.get(sample["FCI ALICEVILLE"].get_absolute_url())
    text = strip_tags(response.text)  # numbers are wrapped to keep them on one line
    assert response.status_code == 200
    assert "[FIRST NAME] [LAST NAME], Reg. No. [REGISTER NO.]\nFCI Aliceville\nP.O. BOX 4000\n" in (
        text
    )
    assert "Not for mail" in text
    assert "11070 HIGHWAY 14" in text
    assert 'href="https://www.bop.gov/inmateloc/"' in response.text
    assert "General guidance" not in text


def test_central_processing_page_sends_mail_away_from_the_prison(client, sample):
    text = client.get(sample["SCI ALBION"].get_absolute_url()).text
    assert "Smart Communications/PA DOC" in text
    assert "not to the prison" in text
    assert "Not for mail" in text
    assert "At most 25 photos per envelope." in text
    assert "https://www.pa.gov/agencies/cor/find-or-contact-inmate/mail-rules" in text
    assert "Rules last verified:" in text


def test_page_does_not_mark_the_street_when_mail_goes_there(client, sample):
    response = client.get(sample["ALGER CORRECTIONAL FACILITY"].get_absolute_url())
    text = strip_tags(response.text)
    assert response.status_code == 200
    assert "N6141 INDUSTRIAL PARK DR" in text
    assert "Not for mail" not in text
    assert "Write in blue ink, black ink or pencil." in text


def test_default_policy_page_is_labelled_general_guidance(client, sample):
    text = client.get(sample["NOBLE CORRECTIONAL INSTITUTION"].get_absolute_url()).text
    assert "General guidance — check with the facility." in text
    assert "We have no link to an official inmate locator" in text


def test_page_without_a_checked_mail_address_says_so(client, sample):
    response = client.get(sample["FCI ALICEVILLE CAMP"].get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert "We do not have a checked mailing address for FCI Aliceville Camp" in text
    assert 'data-testid="mailing-address"' not in text


def test_closed_facility_page_stays_reachable_with_a_warning(client, db):
    facility = FacilityFactory(is_open=False)
    text = client.get(facility.get_absolute_url()).text
    assert "listed as closed" in text


def test_unknown_facility_is_404(client, db):
    assert client.get(reverse("facilities:detail", args=["no-such-prison"])).status_code == 404


def test_facility_without_any_policy_still_renders(client, db):
    facility = FacilityFactory(jurisdiction=JurisdictionFactory(policy=False))
    response = client.get(facility.get_absolute_url())
    assert response.status_code == 200
    assert "We have no mail rules for this facility yet." in response.text


def test_override_rules_are_shown_instead_of_the_jurisdictions(client, db):
    facility = FacilityFactory()
    MailPolicyFactory(
        jurisdiction=facility.jurisdiction,
        facility=facility,
        max_photos=2,
        source_grade=MailPolicy.SourceGrade.OFFICIAL,
        is_general_guidance=False,
    )
    response = client.get(facility.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert "At most 2 photos" in text
    assert "General guidance" not in text


def test_detail_query_count_is_small_and_fixed(client, sample, django_assert_max_num_queries):
    facility = Facility.objects.get(pk=sample["SCI ALBION"].pk)
    with django_assert_max_num_queries(3):
        response = client.get(facility.get_absolute_url())

    # A 404 or an error page would cost few queries too.
    assert response.status_code == 200
    assert "Smart Communications/PA DOC" in response.text


def test_page_says_what_a_right_number_looks_like(client, sample):
    text = client.get(sample["ANSON CI - FEMALE"].get_absolute_url()).text
    assert "An OPUS Number looks like 1234567." in text
    assert "Write the prison's name in full" in text
