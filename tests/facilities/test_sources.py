"""Sources are shown as who published them, not as raw web addresses."""

import json

import pytest

from facilities import importer
from facilities.models import Jurisdiction
from facilities.sources import PUBLISHERS, publisher, source_links
from tests.factories import FacilityFactory


@pytest.mark.parametrize(
    "url,name",
    [
        ("https://www.bop.gov/policy/progstat/5265_014.pdf", "Federal Bureau of Prisons"),
        (
            "https://pa.gov/agencies/cor/resources/for-family-and-friends/mail.html",
            "Pennsylvania Department of Corrections",
        ),
        ("https://www.pa.gov/agencies/dhs/", "pa.gov"),
        (
            "http://origin-sl.michigan.gov/corrections/0,4551,7-119-9741_12798_12800-25071--,00.html",
            "Michigan Department of Corrections",
        ),
        ("https://example.org/page", "example.org"),
    ],
)
def test_a_source_is_named_by_its_publisher_or_else_its_site(url, name):
    assert publisher(url) == name


def test_every_source_the_shipped_data_cites_has_a_named_publisher():
    policies = json.loads((importer.DATA_DIR / importer.POLICIES_FILE).read_text())
    urls = [url for policy in policies.values() if isinstance(policy, dict)
            for url in policy.get("source_urls", [])]  # fmt: skip
    urls += [
        row["listing_policy_source"]
        for row in importer.read_csv(importer.JURISDICTIONS_FILE, importer.DATA_DIR)
        if row["listing_policy_source"]
    ]

    assert urls
    assert [url for url in urls if publisher(url) not in PUBLISHERS.values()] == []


def test_a_publisher_cited_twice_gets_numbered_pages():
    assert [name for name, _ in source_links(["https://bop.gov/a", "https://www.bop.gov/b"])] == [
        "Federal Bureau of Prisons",
        "Federal Bureau of Prisons, page 2",
    ]


@pytest.mark.django_db
def test_the_facility_page_names_its_sources(client):
    importer.load_policies(importer.load_jurisdictions())
    facility = FacilityFactory(jurisdiction=Jurisdiction.objects.get(code="US-BOP"))

    response = client.get(facility.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert 'rel="noopener noreferrer external">Federal Bureau of Prisons</a>' in page
    assert ">https://" not in page
