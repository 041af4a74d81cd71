"""The submission form's facility finder: /facilities/search.json."""

import pytest
from django.urls import reverse

from facilities.models import Facility
from tests.factories import FacilityFactory, JurisdictionFactory

URL = reverse("facilities:search")
pytestmark = pytest.mark.django_db


def labels(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return [result["label"] for result in response.json()["results"]]


@pytest.fixture
def facilities():
    pennsylvania = JurisdictionFactory(
        code="US-PA",
        name="Pennsylvania Department of Corrections",
        state="PA",
        listing_policy="warn",
        listing_policy_explanation="Ask them to check with the prison first.",
    )
    new_york = JurisdictionFactory(code="US-NY", name="NY DOCCS", state="NY")
    FacilityFactory(jurisdiction=pennsylvania, name="SCI Chester", physical_city="Chester")
    FacilityFactory(jurisdiction=pennsylvania, name="SCI Albion", physical_city="Albion")
    FacilityFactory(jurisdiction=new_york, name="Rochester Correctional Facility",
                    physical_city="Rochester")  # fmt: skip
    FacilityFactory(jurisdiction=new_york, name="Attica Correctional Facility",
                    physical_city="Attica")  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sci chester", ["SCI Chester (Chester, PA)"]),
        ("Pennsylvania", ["SCI Albion (Albion, PA)", "SCI Chester (Chester, PA)"]),
        ("pa", ["SCI Albion (Albion, PA)", "SCI Chester (Chester, PA)"]),
        ("new york", ["Attica Correctional Facility (Attica, NY)",
                      "Rochester Correctional Facility (Rochester, NY)"]),
        ("attica", ["Attica Correctional Facility (Attica, NY)"]),
        ("chester ny", ["Rochester Correctional Facility (Rochester, NY)"]),
        ("nowhere", []),
        ("a", []),
    ],
)  # fmt: skip
def test_it_finds_by_name_words_city_state_name_and_state_code(client, facilities, query, expected):
    assert labels(client, query) == expected


def test_each_match_carries_its_listing_rule_and_number_format(client, facilities):
    (chester,) = client.get(URL, {"q": "sci chester"}).json()["results"]

    assert Facility.objects.get(slug=chester["slug"]).name == "SCI Chester"
    assert chester["jurisdiction"] == "Pennsylvania Department of Corrections"
    assert chester["listing_policy"] == "warn"
    assert chester["listing_notice"] == "Ask them to check with the prison first."
    assert chester["number_hint"] == "An ID Number looks like 123456."


def test_it_shows_the_first_twenty_and_says_how_many_match(client, django_assert_max_num_queries):
    ohio = JurisdictionFactory(code="US-OH", state="OH")
    for n in range(30):
        FacilityFactory(jurisdiction=ohio, name=f"Ohio Unit {n:02}")

    with django_assert_max_num_queries(4):
        data = client.get(URL, {"q": "ohio unit"}).json()

    assert data["count"] == 30
    assert len(data["results"]) == 20


def test_closed_facilities_are_not_offered(client, facilities):
    FacilityFactory(name="SCI Closed", is_open=False)

    assert labels(client, "sci closed") == []


@pytest.mark.parametrize("query", ["ab\x00cd", "\x00"])
def test_a_nul_character_is_a_400_not_a_500(client, facilities, query):
    assert client.get(URL, {"q": query}).status_code == 400
