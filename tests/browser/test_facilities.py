import pytest
from playwright.sync_api import expect

from facilities.models import Jurisdiction
from tests.browser.conftest import foreign_requests
from tests.factories import FacilityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_writer_finds_a_prison_and_sees_where_mail_really_goes(page, shipped_policies):
    FacilityFactory(
        name="SCI Albion",
        slug="sci-albion-pa",
        jurisdiction=Jurisdiction.objects.get(code="US-PA"),
        physical_street="10745 STATE RT 18",
        physical_city="ALBION",
    )
    FacilityFactory(name="Another Prison")

    page.goto("/")
    page.get_by_role("link", name="Facilities").click()
    page.get_by_label("Name, city or state").fill("albion")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="SCI Albion").click()

    address = page.get_by_test_id("mailing-address").inner_text()
    assert address.splitlines()[:2] == [
        "Smart Communications/PA DOC",
        "[FIRST NAME] [LAST NAME]/[INMATE NUMBER]",
    ]
    assert "St. Petersburg, FL 33733" in address
    expect(page.get_by_text("Not for mail")).to_be_visible()
    assert foreign_requests(page.requested_urls) == []
