"""Every rule check, against the real shipped mail policies."""

import pytest

from facilities.models import Jurisdiction, MailPolicy
from letters.models import Letter, ProhibitedItemsConfirmation
from letters.rules import check_letter
from tests.factories import FacilityFactory, PublicProfileFactory
from tests.letters.fixtures import confirm_prohibited_items

pytestmark = pytest.mark.django_db

PARAGRAPH = "A sentence about my week, the weather, and the book I am reading now. " * 4


def codes(findings):
    return [finding.code for finding in findings]


def letter_in(code, writer, number, body="Dear friend,\n\nHello.", **fields):
    facility = FacilityFactory(jurisdiction=Jurisdiction.objects.get(code=code))
    person = PublicProfileFactory(facility=facility, inmate_number=number)
    confirm_prohibited_items(writer, facility)
    return Letter.objects.create(writer=writer, profile=person, body=body, **fields)


def test_a_clean_letter_is_ready_to_print(pa_letter):
    verdict = check_letter(pa_letter)

    assert verdict.ready
    assert verdict.problems == []
    assert verdict.warnings == []


def test_an_empty_letter_is_not_ready(pa_letter):
    pa_letter.body = "  \n "

    assert codes(check_letter(pa_letter).problems) == ["empty"]


def test_a_letter_over_the_page_limit_must_be_shortened(alice, alice_address, shipped_policies):
    # The general policy (a state without researched rules) accepts 5 pages.
    letter = letter_in("US-IN", alice, "123456", body="\n\n".join([PARAGRAPH] * 60))

    verdict = check_letter(letter)

    assert verdict.estimated_pages > 5
    assert verdict.page_limit == 5
    assert "too_many_pages" in codes(verdict.problems)


def test_virginia_counts_the_envelope_as_one_of_its_three_pages(
    alice, alice_address, shipped_policies
):
    # Two pages of letter plus the envelope copy make three: accepted; three pages are not.
    two_pages = letter_in("US-VA", alice, "1234567", body="\n\n".join([PARAGRAPH] * 12))
    three_pages = letter_in("US-VA", alice, "1234568", body="\n\n".join([PARAGRAPH] * 20))

    two, three = check_letter(two_pages), check_letter(three_pages)

    assert (two.estimated_pages, two.counted_pages) == (2, 3)
    assert two.ready
    assert (three.estimated_pages, three.counted_pages) == (3, 4)
    assert "envelope counts as a page" in three.problems[0].message


def test_pennsylvania_accepts_25_photos_but_not_26(pa_letter):
    pa_letter.photo_count = 25
    assert check_letter(pa_letter).ready

    pa_letter.photo_count = 26
    verdict = check_letter(pa_letter)

    assert codes(verdict.problems) == ["too_many_photos"]
    assert "at most 25" in verdict.problems[0].message


def test_polaroids_are_refused_where_the_policy_says_so(alice, alice_address, bop_person):
    confirm_prohibited_items(alice, bop_person.facility)
    letter = Letter.objects.create(
        writer=alice,
        profile=bop_person,
        body="Hello",
        photo_count=2,
        photos_include_polaroids=True,
    )

    assert codes(check_letter(letter).problems) == ["polaroids"]


def test_texas_refuses_greeting_cards_by_mail_and_says_why(alice, alice_address, shipped_policies):
    letter = letter_in("US-TX", alice, "01234567", card_count=1)

    verdict = check_letter(letter)

    assert codes(verdict.problems) == ["cards"]
    assert "Mother's Day" in verdict.problems[0].message


def test_card_rules_are_a_reminder_where_cards_are_allowed(alice, alice_address, bop_person):
    confirm_prohibited_items(alice, bop_person.facility)
    letter = Letter.objects.create(writer=alice, profile=bop_person, body="Hello", card_count=1)

    verdict = check_letter(letter)

    assert verdict.ready
    assert "Cards: No musical cards." in verdict.reminders


def test_a_missing_return_address_must_be_added(alice, pa_person):
    confirm_prohibited_items(alice, pa_person.facility)
    letter = Letter.objects.create(writer=alice, profile=pa_person, body="Hi")

    verdict = check_letter(letter)

    assert codes(verdict.problems) == ["return_address_missing"]


@pytest.mark.parametrize("first,last", [("A.", "Walker"), ("Alice", "W"), ("J", "K.")])
def test_initials_in_the_return_address_are_refused_where_a_full_name_is_required(
    pa_letter, alice_address, first, last
):
    alice_address.first_name, alice_address.last_name = first, last
    alice_address.save()

    verdict = check_letter(pa_letter)

    assert codes(verdict.problems) == ["return_address_initials"]


def test_initials_are_accepted_where_the_policy_does_not_require_a_full_name(
    pa_letter, alice_address
):
    MailPolicy.objects.filter(jurisdiction__code="US-PA").update(
        return_address_full_name_required=False
    )
    alice_address.first_name = "A."
    alice_address.save()

    assert check_letter(pa_letter).ready


def test_the_prohibited_items_must_be_confirmed_for_the_facility(pa_letter):
    ProhibitedItemsConfirmation.objects.all().delete()

    verdict = check_letter(pa_letter)

    assert codes(verdict.problems) == ["checklist"]
    assert "anything bound or stapled like a book" in verdict.problems[0].message


def test_a_confirmation_covers_every_letter_to_that_facility_and_no_other(
    alice, alice_address, pa_letter, bop_person
):
    another_to_pa = Letter.objects.create(writer=alice, profile=pa_letter.profile, body="Hi")
    to_bop = Letter.objects.create(writer=alice, profile=bop_person, body="Hi")

    assert check_letter(another_to_pa).ready
    assert codes(check_letter(to_bop).problems) == ["checklist"]


def test_items_the_policy_adds_later_are_asked_about_again(pa_letter):
    policy = MailPolicy.objects.get(jurisdiction__code="US-PA", facility=None)
    policy.prohibited_items = [*policy.prohibited_items, "glitter"]
    policy.save()

    verdict = check_letter(pa_letter)

    assert codes(verdict.problems) == ["checklist"]
    assert verdict.problems[0].message.endswith("hold none of these: glitter.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Could you send a money order for my commissary?",
        "I can buy you a gift card.",
        "My Cash App is $helper99.",
        "I will use Western Union on Friday.",
        "He needs bail money by Monday.",
        "Can you wire the money to my cousin?",
        "Send it with MoneyGram or Venmo.",
        "I could put money on your books.",
    ],
)
def test_mentions_of_money_transfers_get_a_safety_warning_but_do_not_block(pa_letter, sentence):
    pa_letter.body = f"Dear John,\n\n{sentence}\n\nAlice"

    verdict = check_letter(pa_letter)

    assert codes(verdict.warnings) == ["money"]
    assert "known scam" in verdict.warnings[0].message
    assert verdict.ready


@pytest.mark.parametrize(
    "sentence", ["Please call my sister at (555) 123-4567.", "Set up a three-way call with him."]
)
def test_passing_on_a_phone_number_gets_a_safety_warning(pa_letter, sentence):
    pa_letter.body = sentence

    verdict = check_letter(pa_letter)

    assert codes(verdict.warnings) == ["phone_number"]
    assert verdict.ready


@pytest.mark.parametrize(
    "sentence",
    [
        "I wired the new lamp in the kitchen.",
        "The order of the chapters confused me.",
        "I was born in 1985 and moved in 2004.",
        "Our card game lasted all night.",
    ],
)
def test_ordinary_sentences_get_no_safety_warning(pa_letter, sentence):
    pa_letter.body = sentence

    assert check_letter(pa_letter).warnings == []


def test_a_number_the_jurisdiction_rejects_blocks_printing(pa_letter):
    pa_letter.profile.inmate_number = "12345"
    pa_letter.profile.save()

    verdict = check_letter(pa_letter)

    assert codes(verdict.problems) == ["address"]
    assert "AB1234" in verdict.problems[0].message  # the format the PA DOC uses


def test_the_editor_shows_the_live_verdict(client_alice, pa_letter):
    pa_letter.photo_count = 30
    pa_letter.save()

    page = client_alice.get(f"/letters/{pa_letter.pk}/").content.decode()

    assert "Before you print, fix:" in page
    assert "at most 25 per envelope" in page


def test_mark_ready_checks_the_rules_first(client_alice, pa_letter):
    ProhibitedItemsConfirmation.objects.all().delete()

    client_alice.post(f"/letters/{pa_letter.pk}/ready")
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.DRAFT

    confirm_prohibited_items(pa_letter.writer, pa_letter.profile.facility)
    client_alice.post(f"/letters/{pa_letter.pk}/ready")
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.READY
