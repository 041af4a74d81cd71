import pytest
from playwright.sync_api import expect

from tests.browser.conftest import foreign_requests
from tests.factories import PublicProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_profile_page_shows_the_address_with_a_working_copy_button(page):
    profile = PublicProfileFactory(first_name="Dana", last_name="Whitfield")

    page.goto(profile.get_absolute_url())

    address = page.locator("#mailing-address").inner_text()
    assert address.startswith("DANA WHITFIELD")
    button = page.get_by_role("button", name="Copy address")
    assert button.is_visible()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button.click()
    expect(page.get_by_text("Copied.")).to_be_visible()  # the clipboard answers asynchronously
    assert foreign_requests(page.requested_urls) == []


def test_the_directory_cards_link_to_profile_pages(page):
    profile = PublicProfileFactory(first_name="Octavia", preferred_name="")

    page.goto("/profiles/")
    page.get_by_role("link", name=f"Octavia {profile.last_name}").click()

    assert page.url.endswith(profile.get_absolute_url())
    assert foreign_requests(page.requested_urls) == []
