"""One list of money-request and scam signs, used by listings (refused) and letters (warned).

Every phrase either copy once caught is here, and each is checked on both paths, so the two can
never disagree again.
"""

import pytest
from django.core.exceptions import ValidationError

from letters.models import Letter
from letters.rules import check_letter
from penpals.scams import money_request, phone_number
from profiles.validators import validate_no_money_request
from tests.factories import WriterFactory

MONEY_PHRASES = [
    "Please send a money order",
    "a gift card would help",
    "my Cash App is",
    "send it to $johnsmith please",
    "Venmo me",
    "my PayPal",
    "pay pal works too",
    "Zelle is easiest",
    "Western Union on Main Street",
    "by MoneyGram",
    "wire transfer",
    "he needs bail money",
    "a Green Dot card",
    "a prepaid debit card",
    "bitcoin",
    "crypto wallet",
    "could you send me some money",
    "commissary money",
    "put money on my books",
    "JPay transfer",
    "the routing number is",
    "my account number",
    "your bank account",
]
HARMLESS = [
    "I spent $20 on stamps and paper.",
    "Tell me about your town and the books you read.",
    "I send my best wishes to your family.",
    "She keeps an honest account of her days.",
    "The bank of the river was flooded.",
]


@pytest.mark.parametrize("phrase", MONEY_PHRASES)
def test_each_money_phrase_is_caught(phrase):
    assert money_request(f"Hello. {phrase}. Thank you.")


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_letters_are_not_money_requests(text):
    assert money_request(text) == ""


@pytest.mark.parametrize("phrase", MONEY_PHRASES)
def test_a_listing_that_asks_for_money_is_refused(phrase):
    with pytest.raises(ValidationError) as refused:
        validate_no_money_request(f"I love to draw. {phrase}.")

    assert refused.value.code == "money_request"


@pytest.mark.django_db
@pytest.mark.parametrize("phrase", MONEY_PHRASES)
def test_a_letter_that_mentions_money_gets_the_warning(phrase):
    letter = Letter(writer=WriterFactory(), body=f"Dear Sam,\n\n{phrase}.\n\nBest, Ana")

    warnings = [finding.code for finding in check_letter(letter).warnings]

    assert "money" in warnings


@pytest.mark.parametrize(
    "text", ["call 555-123-4567", "(555) 123 4567", "+1 555.123.4567", "a three-way call"]
)
def test_someone_elses_phone_number_is_noticed(text):
    assert phone_number(text)


def test_a_year_or_an_inmate_number_is_not_a_phone_number():
    assert phone_number("Since 2019, number 12345-678, unit 4") == ""
