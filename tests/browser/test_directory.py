"""The directory by mouse, touch and keyboard, at a laptop's and a phone's width."""

import pytest
from playwright.sync_api import expect

from accounts.models import SavedProfile
from tests.browser.conftest import sign_in
from tests.factories import FacilityFactory, JurisdictionFactory, PublicProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, locator):
    """A tap on a phone, a click elsewhere: what a person would do."""
    if page.width < 500:
        locator.tap()
    else:
        locator.click()


def test_a_writer_saves_a_profile_from_its_card(any_width_page, live_server, alice):
    page = sign_in(any_width_page, alice, live_server)
    profile = PublicProfileFactory(first_name="Octavia", preferred_name="")
    PublicProfileFactory.create_batch(3)
    page.goto("/profiles/")

    press(page, page.get_by_role("button", name="Save Octavia"))

    expect(page.get_by_role("button", name="Saved Octavia")).to_be_visible()
    assert page.url.endswith(f"/profiles/#card-{profile.public_id}")  # not the profile page
    assert SavedProfile.objects.filter(user=alice, profile=profile).exists()

    press(page, page.get_by_role("button", name="Saved Octavia"))

    expect(page.get_by_role("button", name="Save Octavia")).to_be_visible()
    assert not SavedProfile.objects.filter(user=alice, profile=profile).exists()


def test_a_visitor_is_asked_to_sign_in_to_save_and_comes_back(any_width_page):
    PublicProfileFactory(first_name="Octavia", preferred_name="")
    page = any_width_page
    page.goto("/profiles/?sort=verified")

    press(page, page.get_by_role("link", name="Sign in to save"))

    page.wait_for_url("**/accounts/login/**")
    assert page.url.endswith("?next=/profiles/%3Fsort%3Dverified")


def test_the_rest_of_the_card_still_opens_the_profile(any_width_page):
    profile = PublicProfileFactory(first_name="Octavia", preferred_name="")
    page = any_width_page
    page.goto("/profiles/")

    # Where a person would tap: the link over the card's body takes it, as it should.
    box = page.locator(".profile-card-bio").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if page.width < 500:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)

    page.wait_for_url(f"**{profile.get_absolute_url()}")


@pytest.fixture
def two_states(db):
    for state, count in (("MI", 3), ("OH", 2)):
        facility = FacilityFactory(jurisdiction=JurisdictionFactory(state=state))
        PublicProfileFactory.create_batch(count, facility=facility)


def test_on_a_phone_the_filters_fold_behind_one_control_and_focus_moves_to_the_results(
    any_width_page, two_states
):
    page = any_width_page
    page.goto("/profiles/")
    results = page.get_by_role("heading", name="5 people")
    expect(results).to_be_visible()
    search = page.get_by_label("Search")
    if page.width < 500:
        expect(search).to_be_hidden()
        # The first card starts within the first screen, not after a page of filters.
        assert page.locator(".profile-card").first.bounding_box()["y"] < 900
        press(page, page.get_by_text("Filter", exact=True))
    expect(search).to_be_visible()

    page.get_by_label("State").select_option("OH")
    press(page, page.get_by_role("button", name="Show profiles"))

    results = page.get_by_role("heading", name="2 people match")
    expect(results).to_be_focused()
    box = results.bounding_box()
    assert 0 <= box["y"] < 900  # scrolled to the results, not left at the top of the page
    assert page.locator(".profile-card").count() == 2
    if page.width < 500:
        expect(page.get_by_label("Search")).to_be_hidden()
        filter_control = page.locator(".directory-filters > summary")
        assert filter_control.locator(".badge").inner_text() == "1"
        expect(filter_control).to_have_accessible_name("Filter 1 active")
        # Compact cards: a few to a screen, not one tall photo each.
        assert page.locator(".profile-card").first.bounding_box()["height"] < 260


def test_filters_work_without_javascript_at_both_widths(no_js_page, two_states):
    page = no_js_page
    page.goto("/profiles/")
    page.get_by_label("State").select_option("MI")  # open beside the results on a laptop
    page.get_by_role("button", name="Show profiles").click()
    expect(page.get_by_role("heading", name="3 people match")).to_be_visible()
    assert page.url.endswith("#results")

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/profiles/")
    expect(page.get_by_label("State")).to_be_hidden()
    page.get_by_text("Filter", exact=True).click()
    page.get_by_label("State").select_option("OH")
    page.get_by_role("button", name="Show profiles").click()
    expect(page.get_by_role("heading", name="2 people match")).to_be_visible()


def test_a_search_lists_name_matches_first_and_says_more_than_past_the_count_limit(
    any_width_page, settings
):
    settings.PENPALS_DIRECTORY_COUNT_LIMIT = 2
    settings.PENPALS_DIRECTORY_PAGE_SIZE = 2
    PublicProfileFactory(first_name="Grace", preferred_name="", last_name="Okafor", bio="Hi.")
    for first_name in ("Ruth", "Esther"):  # newer than Grace, but only their bios match
        PublicProfileFactory(
            first_name=first_name, preferred_name="", bio="My cellmate was Mr Okafor."
        )
    page = any_width_page
    page.goto("/profiles/")
    if page.width < 500:
        press(page, page.get_by_text("Filter", exact=True))

    search = page.get_by_label("Search")
    search.fill("okafor")
    search.press("Enter")

    expect(page.get_by_role("heading", name="More than 2 people match")).to_be_visible()
    names = page.locator(".profile-card h3")
    expect(names).to_have_count(2)
    assert names.first.inner_text().startswith("Grace Okafor")
    press(page, page.get_by_role("link", name="Next page"))
    expect(names).to_have_count(1)
    expect(page.get_by_label("Search")).to_have_value("okafor")
