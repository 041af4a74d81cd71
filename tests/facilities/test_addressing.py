"""The one address renderer: exact envelope lines under each jurisdiction's policy."""

import pytest
from django.core.exceptions import ValidationError

from facilities.addressing import (
    AddressUnavailable,
    mailing_address,
    placeholder_address,
    policy_for,
)
from facilities.models import Facility, MailPolicy
from tests.factories import FacilityFactory, JurisdictionFactory, MailPolicyFactory


def envelope(facility, number, first="John", last="Doe"):
    return mailing_address(first_name=first, last_name=last, number=number, facility=facility)


def test_bop_institution_uses_the_po_box_from_the_bop_file(sample):
    assert envelope(sample["FCI ALICEVILLE"], "12345-678") == [
        "JOHN DOE, Reg. No. 12345-678",
        "FCI Aliceville",
        "P.O. BOX 4000",
        "ALICEVILLE, AL 35442",
    ]


def test_bop_register_number_typed_without_dash_is_written_with_it(sample):
    assert envelope(sample["FCI ALICEVILLE"], " 12345678 ")[0] == "JOHN DOE, Reg. No. 12345-678"


def test_bop_puerto_rico_rq_is_written_pr(sample):
    lines = envelope(sample["MDC GUAYNABO"], "12345-678")
    assert lines[-1] == "CATANO, PR 00963"
    assert not any("RQ" in line for line in lines)


def test_bop_camp_without_a_published_box_gets_no_address_rather_than_the_street(sample):
    camp = sample["FCI ALICEVILLE CAMP"]
    with pytest.raises(AddressUnavailable, match="checked mailing address"):
        envelope(camp, "12345-678")
    with pytest.raises(ValidationError):  # forms can show it like any other error
        placeholder_address(camp)


def test_pennsylvania_sci_goes_to_smart_communications_in_florida(sample):
    assert envelope(sample["SCI ALBION"], "ab1234") == [
        "Smart Communications/PA DOC",
        "JOHN DOE/AB1234",
        "SCI Albion",
        "PO Box 33028",
        "St. Petersburg, FL 33733",
    ]


def test_texas_unit_goes_to_the_dallas_processing_centre(sample):
    lines = envelope(sample["COFFIELD UNIT"], "01234567")
    assert lines == [
        "Texas Department of Criminal Justice",
        "JOHN DOE 01234567",
        "PO Box 660400",
        "Dallas, TX 75266-0400",
    ]
    assert "TENNESSEE COLONY" not in " ".join(lines)


def test_florida_institution_puts_the_last_name_first_and_goes_to_tampa(sample):
    assert envelope(sample["HOLMES CORRECTIONAL INSTITUTION"], "123456") == [
        "DOE, JOHN, DC# 123456",
        "PO Box 23608",
        "Tampa, FL 33623",
    ]


def test_north_carolina_prison_name_is_written_in_full_for_textbehind(sample):
    assert envelope(sample["ANSON CI - FEMALE"], "1234567", first="Jane") == [
        "JANE DOE #1234567",
        "Anson Correctional Institution - Female",
        "P.O. Box 247",
        "Phoenix, MD 21131",
    ]


def test_michigan_facility_uses_its_own_street_address(sample):
    assert envelope(sample["ALGER CORRECTIONAL FACILITY"], "123456") == [
        "JOHN DOE, #123456",
        "Alger Correctional Facility",
        "N6141 INDUSTRIAL PARK DR",
        "MUNISING, MI 49862",
    ]


def test_virginia_writes_the_number_on_its_own_line(sample):
    assert envelope(sample["BUCKINGHAM CORRECTIONAL CENTER"], "1234567") == [
        "JOHN DOE",
        "1234567",
        "Buckingham Correctional Center",
        "1349 CORRECTIONAL CENTER ROAD",
        "DILLWYN, VA 23936",
    ]


def test_default_policy_state_uses_general_guidance(sample):
    noble = sample["NOBLE CORRECTIONAL INSTITUTION"]
    assert policy_for(noble).is_general_guidance
    assert envelope(noble, "A123-456") == [
        "JOHN DOE #A123-456",
        "Noble Correctional Institution",
        "15708 MCCONNELSVILLE RD",
        "CALDWELL, OH 43724",
    ]


def test_name_is_written_in_capitals_with_spacing_tidied(sample):
    lines = envelope(sample["SCI ALBION"], "AB1234", first="  mary  ann ", last="o'brien")
    assert lines[1] == "MARY ANN O'BRIEN/AB1234"


def test_blank_template_lines_are_dropped(db):
    facility = FacilityFactory(physical_street="1 Prison Road", physical_city="", physical_zip="")
    facility.physical_state = ""
    facility.mail_street, facility.mail_city = "PO Box 9", "Town"
    facility.mail_state, facility.mail_zip = "ZZ", "00001"
    assert envelope(facility, "77") == [
        "JOHN DOE #77",
        facility.name,
        "PO Box 9",
        "Town, ZZ 00001",
    ]


def test_facility_override_replaces_the_jurisdiction_policy(db):
    facility = FacilityFactory()
    MailPolicyFactory(
        jurisdiction=facility.jurisdiction,
        facility=facility,
        is_general_guidance=False,
        mailing_address_template="{last}, {first} {number}\nMail Centre\nPO Box 1\nCity, ZZ 00000",
    )
    assert envelope(facility, "42") == ["DOE, JOHN 42", "Mail Centre", "PO Box 1", "City, ZZ 00000"]


def test_placeholder_address_shows_where_the_name_and_number_go(sample):
    assert placeholder_address(sample["HOLMES CORRECTIONAL INSTITUTION"]) == [
        "[LAST NAME], [FIRST NAME], DC# [DC NUMBER]",
        "PO Box 23608",
        "Tampa, FL 33623",
    ]
    assert placeholder_address(sample["FCI ALICEVILLE"])[0] == (
        "[FIRST NAME] [LAST NAME], Reg. No. [REGISTER NO.]"
    )


def test_policy_for_runs_no_query_when_the_caller_prefetched(sample, django_assert_num_queries):
    facilities = list(Facility.objects.with_policies())
    with django_assert_num_queries(0):
        policies = {f.name: policy_for(f) for f in facilities}
    assert policies["SCI Albion"].jurisdiction.code == "US-PA"


def test_policy_for_prefers_the_override_when_prefetched(db, django_assert_num_queries):
    facility = FacilityFactory()
    override = MailPolicyFactory(jurisdiction=facility.jurisdiction, facility=facility)
    other = FacilityFactory(jurisdiction=facility.jurisdiction)
    found = {f.pk: f for f in Facility.objects.with_policies()}
    with django_assert_num_queries(0):
        assert policy_for(found[facility.pk]) == override
        assert policy_for(found[other.pk]).facility_id is None


def test_a_jurisdiction_without_a_policy_is_an_error_not_a_guess(db):
    facility = FacilityFactory(jurisdiction=JurisdictionFactory(policy=False))
    with pytest.raises(MailPolicy.DoesNotExist):
        policy_for(facility)


def test_rows_pointing_to_facilities_can_prefetch_policies_too(sample, django_assert_num_queries):
    from facilities.models import policy_prefetches
    from profiles.models import Profile

    for name in ("SCI ALBION", "HOLMES CORRECTIONAL INSTITUTION"):
        Profile.objects.create(
            first_name="Ann", last_name="Lee", inmate_number="AB1234", facility=sample[name]
        )
    profiles = list(
        Profile.objects.select_related("facility__jurisdiction").prefetch_related(
            *policy_prefetches("facility__")
        )
    )
    with django_assert_num_queries(0):
        codes = sorted(policy_for(p.facility).jurisdiction.code for p in profiles)
    assert codes == ["US-FL", "US-PA"]
