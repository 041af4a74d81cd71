import pytest

from profiles.models import Profile
from tests.browser.conftest import foreign_requests, sign_in_to_admin
from tests.factories import (
    FacilityFactory,
    JurisdictionFactory,
    ProfileFactory,
    WriterFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def superuser():
    return WriterFactory(email="admin@example.com", is_staff=True, is_superuser=True)


def test_a_moderator_approves_a_listing_from_its_review_page(page, superuser, settings):
    jurisdiction = JurisdictionFactory(code="US-CA", name="California DOC", listing_policy="warn")
    profile = ProfileFactory(
        first_name="Marcus", last_name="Reed", facility=FacilityFactory(jurisdiction=jurisdiction)
    )
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    sign_in_to_admin(page, superuser)

    page.goto("/admin/profiles/profile/")
    assert page.get_by_role("heading", name="Moderation queue").count() == 1
    assert "Warn: jurisdiction" in page.locator("#result_list").inner_text()
    page.get_by_role("link", name="Marcus Reed").click()
    page.get_by_role("button", name="Approve and publish…").click()
    page.get_by_label("State inmate locator").check()
    page.get_by_label("Letter from the person").check()
    page.get_by_label("Verification note").fill("Found in CDCR locator")
    page.get_by_role("button", name="Approve and publish", exact=True).click()

    assert "Published 1 listing." in page.locator(".messagelist").inner_text()
    assert page.url.endswith(f"/admin/profiles/profile/{profile.pk}/change/")
    profile.refresh_from_db()
    assert profile.status == Profile.Status.APPROVED
    assert "Found in CDCR locator" in page.content()
    assert [e for e in console_errors if "Content Security Policy" in e] == []
    assert foreign_requests(page.requested_urls) == []
