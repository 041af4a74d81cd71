import pytest

from tests.browser.conftest import foreign_requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_with_its_heading_and_only_local_requests(page):
    page.goto("/")

    heading = page.get_by_role("heading", level=1)
    assert "Write to someone in prison" in heading.inner_text()
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    # Bootstrap's stylesheet and script really loaded from this server.
    assert any("/static/vendor/bootstrap-5.3.8/css/" in url for url in page.requested_urls)
    assert any("/static/vendor/bootstrap-5.3.8/js/" in url for url in page.requested_urls)
    assert foreign_requests(page.requested_urls) == []
