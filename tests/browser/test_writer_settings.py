"""What a writer tells Penpals once: the time zone (from the browser), and their word about a
facility's prohibited items."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from letters.models import Letter, ProhibitedItemsConfirmation
from tests.browser.conftest import sign_in
from tests.letters.fixtures import alice_address, bop_facility, bop_person

__all__ = ["alice_address", "bop_facility", "bop_person"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "letters across the wall"


@pytest.fixture
def chicago(browser, live_server):
    """A browser whose clock is set to Chicago."""
    context = browser.new_context(base_url=live_server.url, timezone_id="America/Chicago")
    yield context.new_page()
    context.close()


def test_sign_up_keeps_the_browsers_time_zone(chicago):
    page = chicago
    page.goto("/accounts/signup/")
    page.get_by_label("Display name").fill("Robin")
    page.get_by_label("E-mail address").fill("robin@example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Date of birth").fill("1984-09-30")
    page.get_by_label(re.compile("I am 18 or older")).check()
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert get_user_model().objects.get(email="robin@example.com").time_zone == "America/Chicago"


def test_the_account_page_offers_the_browsers_time_zone(chicago, live_server, alice):
    page = sign_in(chicago, alice, live_server)
    page.goto("/accounts/profile/")

    expect(page.get_by_label("Your time zone")).to_have_value("America/Chicago")
    expect(page.get_by_text("Your browser's time zone is chosen above")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    alice.refresh_from_db()
    assert alice.time_zone == "America/Chicago"


def test_the_prohibited_items_are_confirmed_once_per_facility(
    any_width_page, live_server, alice, alice_address, bop_person
):
    page = sign_in(any_width_page, alice, live_server)
    first = Letter.objects.create(writer=alice, profile=bop_person, body="Dear Maria,")
    page.goto(first.get_absolute_url())
    box = page.get_by_label("None of these will be in my envelopes to FCI Aliceville")
    expect(page.locator("#prohibited-items-list")).to_contain_text("Cash or checks, stamps")
    expect(box).not_to_be_checked()

    with page.expect_response(lambda response: response.url.endswith("/autosave")):
        if page.width < 500:
            box.tap()
        else:
            box.check()

    expect(page.locator("#letter-verdict").get_by_text("Ready to print")).to_be_visible()
    confirmed = ProhibitedItemsConfirmation.objects.get(writer=alice)
    assert confirmed.facility == bop_person.facility
    assert "cash" in confirmed.items

    second = Letter.objects.create(writer=alice, profile=bop_person, body="Dear Maria, again")
    page.goto(second.get_absolute_url())
    expect(
        page.get_by_label("None of these will be in my envelopes to FCI Aliceville")
    ).to_be_checked()
    expect(page.locator("#letter-verdict").get_by_text("Ready to print")).to_be_visible()
