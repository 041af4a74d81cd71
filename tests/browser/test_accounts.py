"""A new writer signs up, confirms the address from the e-mail, signs in and saves a profile."""

import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import foreign_requests
from tests.factories import PublicProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "letters across the wall"
ONLY_PASSWORD = re.compile(r"^\s*Password\W*$")  # not "Password again"; crispy adds an asterisk
# Set PENPALS_SCREENSHOTS=/some/folder to look at the pages while working on them.
SCREENSHOTS = os.environ.get("PENPALS_SCREENSHOTS")


def snap(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def listed_profile(db):
    return PublicProfileFactory(first_name="Marcus", last_name="Ellington", preferred_name="")


def test_a_writer_signs_up_verifies_signs_in_and_saves_a_profile(
    page, browser, live_server, listed_profile, mailoutbox
):
    page.goto("/accounts/signup/")
    snap(page, "signup")
    page.get_by_label("Display name").fill("Robin")
    page.get_by_label("E-mail address").fill("robin@example.com")
    page.get_by_label(ONLY_PASSWORD).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Date of birth").fill("1984-09-30")
    page.get_by_label(re.compile("I am 18 or older")).check()
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    snap(page, "verification-sent")
    # The live server runs in a thread of this process: its e-mails land in this outbox.
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group()

    # The writer opens the e-mail on another device, confirms, and signs in there.
    other_device = browser.new_context(base_url=live_server.url)
    try:
        phone = other_device.new_page()
        phone.requested_urls = []
        phone.on("request", lambda request: phone.requested_urls.append(request.url))
        phone.goto(link)
        snap(phone, "confirm")
        phone.get_by_role("button", name="Confirm").click()
        phone.wait_for_url("**/accounts/login/**")
        phone.get_by_label("E-mail address").fill("robin@example.com")
        phone.get_by_label(ONLY_PASSWORD).fill(PASSWORD)
        phone.get_by_role("button", name="Sign in").click()
        phone.wait_for_url(live_server.url + "/")
        expect(phone.get_by_role("button", name="Sign out")).to_be_visible()

        phone.goto(listed_profile.get_absolute_url())
        phone.get_by_role("button", name="Save Marcus").click()
        expect(phone.get_by_text("Saved Marcus to your list.")).to_be_visible()
        expect(phone.get_by_role("button", name=re.compile("Saved Marcus"))).to_be_visible()
        snap(phone, "profile-saved")

        phone.goto("/accounts/saved/")
        expect(phone.get_by_role("link", name="Marcus Ellington")).to_be_visible()
        snap(phone, "saved-list")
        assert foreign_requests(page.requested_urls + phone.requested_urls) == []
    finally:
        other_device.close()
