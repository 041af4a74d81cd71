"""Inmate numbers: normalised to the jurisdiction's format, or a message with an example."""

import pytest
from django.core.exceptions import ValidationError

from facilities.addressing import mailing_address, validate_inmate_number
from tests.factories import FacilityFactory, MailPolicyFactory


@pytest.mark.parametrize(
    ("facility", "typed", "expected"),
    [
        ("FCI ALICEVILLE", "12345-678", "12345-678"),
        ("FCI ALICEVILLE", "12345678", "12345-678"),
        ("FCI ALICEVILLE", " 12345 678 ", "12345-678"),
        ("SCI ALBION", "ab1234", "AB1234"),
        ("SCI ALBION", "#AB 1234", "AB1234"),
        ("HOLMES CORRECTIONAL INSTITUTION", "x12345", "X12345"),
        ("ANSON CI - FEMALE", "0123456", "0123456"),
    ],
)
def test_valid_numbers_are_normalised(sample, facility, typed, expected):
    assert validate_inmate_number(typed, sample[facility]) == expected


@pytest.mark.parametrize(
    ("facility", "typed", "message"),
    [
        ("FCI ALICEVILLE", "1234-567", "A Register No. looks like 12345-678."),
        ("FCI ALICEVILLE", "AB1234", "A Register No. looks like 12345-678."),
        ("SCI ALBION", "123456", "An Inmate Number looks like AB1234."),
        ("COFFIELD UNIT", "12-34", "A TDCJ Number looks like 01234567."),
        ("HOLMES CORRECTIONAL INSTITUTION", "1234567", "A DC Number looks like 123456."),
        ("ANSON CI - FEMALE", "123456", "An OPUS Number looks like 1234567."),
        ("BUCKINGHAM CORRECTIONAL CENTER", "12345", "A State ID Number looks like 1234567."),
        ("ALGER CORRECTIONAL FACILITY", "M-123", "An MDOC Number looks like 123456."),
    ],
)
def test_wrong_format_says_what_the_right_one_looks_like(sample, facility, typed, message):
    with pytest.raises(ValidationError) as error:
        validate_inmate_number(typed, sample[facility])
    text = error.value.messages[0]
    assert text.endswith(message)
    assert f"“{typed}” is not a valid" in text


def test_mailing_address_refuses_a_wrong_number(sample):
    with pytest.raises(ValidationError, match="looks like 12345-678"):
        mailing_address(
            first_name="John", last_name="Doe", number="999", facility=sample["FCI ALICEVILLE"]
        )


def test_an_empty_number_asks_for_it_by_its_label(sample):
    with pytest.raises(ValidationError, match="Please enter the Register No."):
        validate_inmate_number("   ", sample["FCI ALICEVILLE"])


def test_default_policy_accepts_letters_digits_and_dashes_only(db):
    facility = FacilityFactory(
        jurisdiction__policy={"inmate_number_regex": "", "inmate_number_example": ""}
    )
    assert validate_inmate_number("a-123", facility) == "A-123"
    with pytest.raises(ValidationError, match="An ID Number has only letters, digits and dashes"):
        validate_inmate_number("<b>12</b>", facility)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"mailing_address_template": "{name}\n{street}"}, "mailing_address_template"),
        ({"inmate_number_regex": "^(\\d+$"}, "inmate_number_regex"),
        (
            {"inmate_number_regex": "^\\d{7}$", "inmate_number_example": "12"},
            "inmate_number_example",
        ),
    ],
)
def test_policy_validation_catches_staff_typos(db, fields, error_field):
    policy = MailPolicyFactory.build(jurisdiction=FacilityFactory().jurisdiction, **fields)
    with pytest.raises(ValidationError) as error:
        policy.full_clean(validate_constraints=False)
    assert error_field in error.value.message_dict
