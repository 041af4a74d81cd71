"""Where families may list someone: refused where the DOC punishes listings, warned where risky."""

import pytest

from facilities.models import Jurisdiction


@pytest.mark.parametrize("code", ["US-IN", "US-FL", "US-MO"])
def test_listing_is_refused_where_the_doc_punishes_pen_pal_listings(shipped_policies, code):
    jurisdiction = Jurisdiction.objects.get(code=code)
    assert jurisdiction.listing_policy == Jurisdiction.ListingPolicy.REFUSED
    assert "does not accept profiles" in jurisdiction.listing_policy_explanation
    assert jurisdiction.listing_policy_source.startswith("http")


@pytest.mark.parametrize("code", ["US-TX", "US-PA", "US-MT"])
def test_listing_carries_a_warning_in_texas_pennsylvania_and_montana(shipped_policies, code):
    jurisdiction = Jurisdiction.objects.get(code=code)
    assert jurisdiction.listing_policy == Jurisdiction.ListingPolicy.WARN
    assert "make sure they agree" in jurisdiction.listing_policy_explanation


def test_every_other_jurisdiction_allows_listing(shipped_policies):
    others = Jurisdiction.objects.exclude(
        code__in=["US-IN", "US-FL", "US-MO", "US-TX", "US-PA", "US-MT"]
    )
    assert set(others.values_list("listing_policy", flat=True)) == {"allowed"}
    assert others.count() == 50


def test_facility_page_explains_a_refusal_to_families(client, sample):
    response = client.get(sample["INDIANA STATE PRISON"].get_absolute_url())
    assert "Profiles not accepted" in response.text
    assert "upheld the ban" in response.text
    assert "theindianalawyer.com" in response.text


def test_facility_page_warns_families_before_they_list(client, sample):
    response = client.get(sample["COFFIELD UNIT"].get_absolute_url())
    assert "Before you list someone here" in response.text
    assert "eff.org" in response.text


def test_facility_page_is_silent_where_listing_is_allowed(client, sample):
    response = client.get(sample["ALGER CORRECTIONAL FACILITY"].get_absolute_url())
    assert response.status_code == 200
    assert "Before you list someone here" not in response.text
    assert "Profiles not accepted" not in response.text
