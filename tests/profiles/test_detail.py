import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from facilities.addressing import mailing_address
from tests.factories import FacilityFactory, JurisdictionFactory, PublicProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def federal_profile():
    """A BOP-style policy: last name first is not used, the number has a label and a format."""
    jurisdiction = JurisdictionFactory(
        code="US-BOP",
        name="Federal Bureau of Prisons",
        state="",
        policy={
            "inmate_number_label": "Reg. No.",
            "inmate_number_regex": r"^\d{5}-\d{3}$",
            "inmate_number_example": "12345-678",
            "mailing_address_template": "{name}, {number_label} {number}\n{facility_name}\n"
            "{mail_street}\n{mail_city}, {mail_state} {mail_zip}",
            "max_pages": 5,
            "prohibited_items": ["stickers", "glitter"],
        },
    )
    facility = FacilityFactory(
        jurisdiction=jurisdiction,
        name="Federal Correctional Institution Aliceville",
        short_name="FCI Aliceville",
        physical_state="AL",
        mail_street="P.O. Box 4000",
        mail_city="Aliceville",
        mail_state="AL",
        mail_zip="35442",
    )
    return PublicProfileFactory(
        first_name="Dana", last_name="Whitfield", inmate_number="12345-678", facility=facility
    )


def test_the_profile_page_shows_the_exact_mailing_address(client, federal_profile):
    response = client.get(federal_profile.get_absolute_url())

    assert response.status_code == 200
    assert response.context["address"] == [
        "DANA WHITFIELD, Reg. No. 12345-678",
        "FCI Aliceville",
        "P.O. Box 4000",
        "Aliceville, AL 35442",
    ]
    assert (
        "DANA WHITFIELD, Reg. No. 12345-678\nFCI Aliceville\nP.O. Box 4000\nAliceville, AL 35442"
        in strip_tags(response.content.decode())
    )
    assert b"Copy address" in response.content


def test_the_address_comes_from_the_facilities_renderer(client):
    profile = PublicProfileFactory()

    response = client.get(profile.get_absolute_url())

    assert response.context["address"] == mailing_address(
        first_name=profile.first_name,
        last_name=profile.last_name,
        number=profile.inmate_number,
        facility=profile.facility,
    )


def test_the_profile_page_shows_the_mail_rules_in_short(client, federal_profile):
    response = client.get(federal_profile.get_absolute_url())

    # The policy's own sentences (MailPolicy.plain_rules), as on the facility page.
    assert b"At most 5 pages per envelope." in response.content
    assert b"Never include stickers or glitter." in response.content


def test_a_facility_without_a_usable_address_says_so_instead_of_failing(client):
    jurisdiction = JurisdictionFactory(policy={"physical_address_accepts_mail": False})
    profile = PublicProfileFactory(facility=FacilityFactory(jurisdiction=jurisdiction))

    response = client.get(profile.get_absolute_url())

    assert response.status_code == 200
    assert response.context["address"] is None
    assert b"do not have a checked mailing address" in response.content


def test_every_profile_page_carries_the_scam_warning(client):
    profile = PublicProfileFactory()

    response = client.get(profile.get_absolute_url())

    assert b"Never send money" in response.content
    assert b"money orders" in response.content


def test_the_profile_page_shows_facts_and_dates(client):
    profile = PublicProfileFactory(
        bio="I paint birds.\n\nAnd I write about them." + " More." * 20,
        photo_taken_on="2025-03-01",
        interests=["art", "nature"],
    )

    html = client.get(profile.get_absolute_url()).content.decode()

    assert "<p>I paint birds.</p>" in html
    assert "Art and drawing, Nature and animals" in html
    assert "Last verified" in html


def test_the_profile_page_has_write_save_and_report_slots(client):
    profile = PublicProfileFactory()

    html = client.get(profile.get_absolute_url()).content.decode()

    assert f'href="/letters/new/?to={profile.public_id}"' in html
    assert "Report this profile" in html


def test_private_fields_never_reach_the_public_page(client):
    profile = PublicProfileFactory(
        submitter_email="secret-family@example.com", submitter_name="Secret Submitter"
    )

    response = client.get(profile.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert profile.first_name in html
    assert "secret-family@example.com" not in html
    assert "Secret Submitter" not in html
    assert profile.status_token not in html
    assert str(profile.date_of_birth.year) not in html


def test_a_sequential_id_is_not_a_profile_url(client):
    profile = PublicProfileFactory()

    assert client.get(reverse("profiles:detail", args=[str(profile.pk)])).status_code == 404


def test_the_profile_page_costs_three_queries(client, federal_profile, django_assert_num_queries):
    # The page cache's version; the profile with its facility, then the facility's override and
    # the jurisdiction's policy.
    with django_assert_num_queries(4):
        response = client.get(federal_profile.get_absolute_url())

    assert response.status_code == 200
