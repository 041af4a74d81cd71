import pytest
from playwright.sync_api import expect

from tests.browser.conftest import foreign_requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_with_its_heading_and_only_local_requests(page):
    page.goto("/")

    heading = page.get_by_role("heading", level=1)
    assert "Write to someone in prison" in heading.inner_text()
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    # Bootstrap's stylesheet really loaded from this server; its script is not needed.
    assert any("/static/vendor/bootstrap-5.3.8/css/" in url for url in page.requested_urls)
    assert not any(url.endswith(".js") for url in page.requested_urls)
    assert foreign_requests(page.requested_urls) == []


@pytest.mark.parametrize("javascript", [True, False])
def test_the_menu_opens_on_a_phone_with_or_without_javascript(browser, live_server, javascript):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 800},
        java_script_enabled=javascript,
        has_touch=True,
        is_mobile=True,
    )
    page = context.new_page()
    page.goto("/")
    facilities = page.get_by_role("link", name="Facilities", exact=True)
    expect(facilities).to_be_hidden()

    page.locator(".site-menu > summary").tap()
    facilities.tap()

    page.wait_for_url("**/facilities/")
    context.close()


def test_the_menu_is_a_row_of_links_on_a_laptop(page):
    page.goto("/")

    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(page.get_by_role("link", name="Facilities", exact=True)).to_be_visible()
