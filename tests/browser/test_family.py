"""The family's whole path in Chromium, at a laptop's and a phone's width: list a loved one,
follow the listing through the private link, change it, renew it, report a release or a move,
and withdraw it. Every test checks the page and the database, so none passes when the browser's
POST is refused (a CSRF origin failure shows a 403 page and changes nothing)."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from profiles.models import HiddenReason, Profile
from tests.browser.conftest import axe_violations, foreign_requests
from tests.factories import FacilityFactory, JurisdictionFactory, ProfileFactory
from tests.profiles.images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIO = (
    "I have been teaching myself to draw portraits and I read everything about astronomy I can "
    "find. I would love to hear about the sky where you live."
)


@pytest.fixture(autouse=True)
def _humans_are_not_that_slow(settings):
    # Playwright fills the form in a second; the anti-bot timer would drop it silently.
    settings.PENPALS_SUBMIT_MIN_SECONDS = 0


@pytest.fixture
def chester():
    """SCI Chester: a Pennsylvania prison, where listing comes with a warning."""
    pennsylvania = JurisdictionFactory(
        code="US-PA",
        name="Pennsylvania Department of Corrections",
        state="PA",
        listing_policy="warn",
        listing_policy_explanation="Ask your loved one to check with the prison first.",
        policy={
            "inmate_number_label": "Inmate Number",
            "inmate_number_regex": r"^[A-Z]{2}\d{4}$",
            "inmate_number_example": "AB1234",
        },
    )
    return FacilityFactory(
        jurisdiction=pennsylvania, name="SCI Chester", physical_city="CHESTER", slug="sci-chester"
    )


@pytest.fixture
def attica():
    new_york = JurisdictionFactory(code="US-NY", name="New York DOCCS", state="NY")
    return FacilityFactory(
        jurisdiction=new_york, name="Attica Correctional Facility", physical_city="ATTICA"
    )


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "marcus.jpg"
    path.write_bytes(image_bytes("JPEG", size=(400, 500)))
    return path


def press(page, locator):
    """A finger on a phone, a mouse on a laptop."""
    if getattr(page, "width", 1280) < 500:
        locator.tap()
    else:
        locator.click()


def finder(page):
    """The facility search box, once the script has put it in place of the no-JavaScript
    selects (before that, a select is a combobox named like it too)."""
    box = page.locator("input[data-finder-input]")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_accessible_name(re.compile("acility"))
    return box


def choose_facility(page, query, label):
    box = finder(page)
    box.fill(query)
    option = page.get_by_role("option", name=re.compile(re.escape(label)))
    expect(option).to_be_visible()
    press(page, option)
    expect(box).to_have_value(label)


def fill_about_them(page, *, bio=BIO, photo=None):
    page.get_by_label("First name, as on the prison's record").fill("Marcus")
    page.get_by_label("Last name, as on the prison's record").fill("Holloway")
    page.get_by_label("Date of birth").fill("1980-04-02")
    page.get_by_role("combobox", name="Gender", exact=True).select_option("man")
    page.get_by_label("About them, in their words").fill(bio)
    page.get_by_label("Friendship").check()
    page.get_by_label("English").check()
    if photo:
        page.get_by_label("Photo (optional)").set_input_files(str(photo))
        page.get_by_label("When the photo was taken").fill("2025-06-01")
    page.get_by_label("Your name").fill("Denise Holloway")
    page.get_by_label("Your e-mail address").fill("denise@example.com")
    page.get_by_label("How you know them").fill("mother")


def test_a_family_lists_someone_in_pennsylvania_after_one_mistake_and_keeps_the_photo(
    any_width_page, chester, photo
):
    page = any_width_page
    page.goto("/")
    press(page, page.locator("main").get_by_role("link", name="List a loved one"))
    press(page, page.get_by_role("link", name="Start the form"))

    page.get_by_label("They asked to be listed, or agreed to it").check()
    choose_facility(page, "sci chester", "SCI Chester (CHESTER, PA)")
    # The warning for the prison system shows as soon as the facility is chosen.
    expect(page.get_by_text("Ask your loved one to check with the prison first.")).to_be_visible()
    expect(page.get_by_text("An Inmate Number looks like AB1234.")).to_be_visible()
    page.get_by_label("Their inmate number").fill("ab 1234")
    fill_about_them(page, bio="Too short.", photo=photo)
    page.get_by_role("button", name="Send for review").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Write at least 80 characters about them (this has 10).")
    expect(summary).to_contain_text("Read the warning about the Pennsylvania Department")
    expect(page.get_by_text("Your photo is kept while you fix the rest.")).to_be_visible()
    expect(page.get_by_label("First name, as on the prison's record")).to_have_value("Marcus")
    expect(finder(page)).to_have_value("SCI Chester (CHESTER, PA)")
    assert Profile.objects.count() == 0

    press(page, summary.get_by_role("link", name=re.compile("Write at least 80")))
    expect(page.get_by_label("About them, in their words")).to_be_focused()
    page.get_by_label("About them, in their words").fill(BIO)
    page.get_by_label("I have read the warning for this prison system").check()
    page.get_by_role("button", name="Send for review").click()

    expect(page.get_by_role("heading", name="Thank you: we received the listing")).to_be_visible()
    profile = Profile.objects.get()
    assert page.url.endswith(profile.get_status_url())
    assert profile.status == Profile.Status.PENDING
    assert profile.facility == chester
    assert profile.inmate_number == "AB1234"
    assert profile.bio == BIO
    assert profile.photo and os.path.exists(profile.photo.path)
    assert str(profile.photo_taken_on) == "2025-06-01"
    assert foreign_requests(page.requested_urls) == []


def test_a_family_lists_someone_without_a_photo_and_the_listing_shows_initials(
    any_width_page, attica
):
    page = any_width_page
    page.goto("/profiles/submit/")

    page.get_by_label("They asked to be listed, or agreed to it").check()
    choose_facility(page, "new york", "Attica Correctional Facility (ATTICA, NY)")
    expect(page.locator("[data-listing-notice]")).to_be_hidden()
    page.get_by_label("Their inmate number").fill("12A3456")
    fill_about_them(page)
    page.get_by_role("button", name="Send for review").click()

    expect(page.get_by_role("heading", name="Thank you: we received the listing")).to_be_visible()
    profile = Profile.objects.get()
    assert profile.facility == attica
    assert not profile.photo
    Profile.objects.filter(pk=profile.pk).update(
        status="approved",
        verified_at=timezone.now(),
        published_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=365),
    )
    page.goto(profile.get_absolute_url())
    expect(page.locator(".profile-initials")).to_have_text("MH")


def test_a_refused_prison_system_says_so_as_soon_as_it_is_chosen(any_width_page):
    florida = JurisdictionFactory(
        code="US-FL",
        name="Florida Department of Corrections",
        state="FL",
        listing_policy="refused",
        listing_policy_explanation="Florida punishes pen-pal listings.",
    )
    FacilityFactory(jurisdiction=florida, name="Holmes Correctional Institution")
    page = any_width_page
    page.goto("/profiles/submit/")

    choose_facility(page, "holmes", "Holmes Correctional Institution (Springfield, FL)")

    notice = page.locator("[data-listing-notice]")
    expect(notice).to_contain_text("We cannot list people held by the Florida Department")
    expect(page.get_by_label("I have read the warning for this prison system")).to_be_hidden()


def test_the_finder_works_by_keyboard_and_shows_the_whole_name(page, chester):
    FacilityFactory(jurisdiction=chester.jurisdiction, name="SCI Albion", physical_city="ALBION")
    page.goto("/profiles/submit/")
    box = finder(page)

    box.fill("Pennsylvania")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(2)
    expect(page.get_by_role("status").filter(has_text="2 facilities match.")).to_have_count(1)
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "id_facility_option_1"
    box.press("Enter")

    expect(box).to_have_value("SCI Chester (CHESTER, PA)")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert page.locator("input[name=facility]").input_value() == "sci-chester"
    box.fill("zzz")
    expect(page.get_by_text("No open facility matches “zzz”.")).to_be_visible()
    assert page.locator("input[name=facility]").input_value() == ""


# --- The private status link ----------------------------------------------------------------


@pytest.fixture
def published(chester):
    return ProfileFactory(
        facility=chester,
        inmate_number="AB1234",
        status="approved",
        verified_at=timezone.now(),
        published_at=timezone.now() - timedelta(days=340),
        expires_at=timezone.now() + timedelta(days=20),
        submitter_email="denise@example.com",
    )


def test_the_family_edits_the_listing_and_the_facility_stays_chosen(any_width_page, published):
    page = any_width_page
    page.goto(published.get_status_url())
    page.get_by_role("link", name="Edit the listing").click()

    expect(finder(page)).to_have_value(str(published.facility))
    page.get_by_label("About them, in their words").fill(BIO + " He also plays chess.")
    page.get_by_label("They asked to be listed, or agreed to it").check()
    page.get_by_role("button", name="Save and send for review").click()

    expect(page.get_by_text("Thank you. Staff will review the listing again.")).to_be_visible()
    published.refresh_from_db()
    assert published.bio.endswith("He also plays chess.")
    assert published.status == Profile.Status.PENDING
    assert published.facility.name == "SCI Chester"


def test_the_family_renews_a_listing_that_is_due(any_width_page, published):
    page = any_width_page
    page.goto(published.get_status_url())

    page.get_by_role("button", name="Renew the listing").click()

    expect(page.get_by_text("Thank you: the listing is renewed.")).to_be_visible()
    published.refresh_from_db()
    assert published.expires_at > timezone.now() + timedelta(days=300)
    expect(page.get_by_role("button", name="Renew the listing")).to_have_count(0)


def test_the_family_reports_a_release(any_width_page, published):
    page = any_width_page
    page.goto(published.get_status_url())

    page.get_by_role("button", name="They were released").click()

    expect(page.get_by_text("Thank you. The listing is hidden")).to_be_visible()
    published.refresh_from_db()
    assert published.status == Profile.Status.HIDDEN
    assert published.hidden_reason == HiddenReason.RELEASED


def test_the_family_reports_a_transfer(any_width_page, published, attica):
    page = any_width_page
    page.goto(published.get_status_url())
    page.get_by_role("link", name="They were moved").click()

    choose_facility(page, "attica", "Attica Correctional Facility (ATTICA, NY)")
    page.get_by_label("Anything staff should know (optional)").fill("Moved last Tuesday.")
    page.get_by_role("button", name="Report the transfer").click()

    expect(page.get_by_text("Staff will check the new facility")).to_be_visible()
    published.refresh_from_db()
    assert published.facility == attica
    assert published.status == Profile.Status.PENDING


def test_the_family_withdraws_after_confirming_and_the_photos_are_deleted(
    any_width_page, chester, photo
):
    from profiles import photos
    from tests.profiles.images import upload

    processed = photos.process_upload(upload(photo.read_bytes()))
    profile = ProfileFactory(facility=chester, status="approved", verified_at=timezone.now(),
                             published_at=timezone.now(),
                             expires_at=timezone.now() + timedelta(days=300))  # fmt: skip
    profile.photo.save(processed.photo.name, processed.photo)
    files = [profile.photo.path]
    page = any_width_page
    page.goto(profile.get_status_url())

    page.get_by_role("link", name="Withdraw the listing…").click()
    expect(page.get_by_role("heading", name=re.compile("Withdraw the listing for"))).to_be_visible()
    expect(page.get_by_text("its photos are deleted")).to_be_visible()
    profile.refresh_from_db()
    assert profile.status == Profile.Status.APPROVED  # nothing happens before confirming
    page.get_by_role("button", name="Withdraw the listing for good").click()

    expect(page.get_by_text("The listing is withdrawn: it is no longer shown")).to_be_visible()
    profile.refresh_from_db()
    assert profile.status == Profile.Status.WITHDRAWN
    assert not profile.photo
    assert not os.path.exists(files[0])


def test_the_status_token_never_leaves_in_a_referer_header(page, published):
    seen = []

    def answer(route):
        seen.append(route.request.headers.get("referer", ""))
        route.fulfill(status=200, body="elsewhere")

    page.route("http://elsewhere.test/**", answer)
    page.goto(published.get_status_url())
    page.evaluate(
        """() => {
            const link = document.createElement("a");
            link.href = "http://elsewhere.test/page";
            link.textContent = "A link to another site";
            document.querySelector("main").append(link);
        }"""
    )
    page.get_by_role("link", name="A link to another site").click()
    page.wait_for_url("http://elsewhere.test/page")

    assert seen and all(published.status_token not in referer for referer in seen)


# --- Without JavaScript ---------------------------------------------------------------------


def test_the_whole_family_path_works_without_javascript(no_js_page, chester, attica, photo):
    page = no_js_page
    page.goto("/profiles/list-a-loved-one/")
    page.get_by_role("link", name="Start the form").click()

    page.get_by_label("They asked to be listed, or agreed to it").check()
    page.get_by_label("State or territory where they are held").select_option("PA")
    page.get_by_role("button", name="Show facilities in this state").click()
    facility = page.get_by_role("combobox", name="Facility", exact=True)
    expect(facility).to_be_visible()  # the form again, not an error page
    expect(page.get_by_text("There is a problem")).to_have_count(0)
    facility.select_option(label="SCI Chester (CHESTER, PA)")
    page.get_by_label("Their inmate number").fill("AB1234")
    fill_about_them(page, photo=photo)
    page.get_by_role("button", name="Send for review").click()

    # The first round trip brings the warning, with everything kept, the photo included.
    expect(page.get_by_text("Ask your loved one to check with the prison first.")).to_be_visible()
    expect(page.get_by_text("Your photo is kept while you fix the rest.")).to_be_visible()
    expect(page.get_by_label("Your e-mail address")).to_have_value("denise@example.com")
    page.get_by_label("I have read the warning for this prison system").check()
    page.get_by_role("button", name="Send for review").click()

    expect(page.get_by_role("heading", name="Thank you: we received the listing")).to_be_visible()
    profile = Profile.objects.get()
    assert profile.facility == chester and profile.photo

    page.get_by_role("link", name="Edit the listing").click()
    expect(page.get_by_role("combobox", name="Facility", exact=True)).to_have_value("sci-chester")
    page.get_by_label("Your name").fill("Denise H.")
    page.get_by_label("They asked to be listed, or agreed to it").check()
    page.get_by_role("button", name="Save and send for review").click()
    expect(page.get_by_text("Thank you. Staff will review the listing again.")).to_be_visible()
    profile.refresh_from_db()
    assert profile.submitter_name == "Denise H."

    Profile.objects.filter(pk=profile.pk).update(
        status="approved", verified_at=timezone.now(),
        published_at=timezone.now() - timedelta(days=340),
        expires_at=timezone.now() + timedelta(days=25),
    )  # fmt: skip
    page.reload()
    page.get_by_role("button", name="Renew the listing").click()
    expect(page.get_by_text("Thank you: the listing is renewed.")).to_be_visible()
    page.get_by_role("button", name="They were released").click()
    expect(page.get_by_text("Thank you. The listing is hidden")).to_be_visible()
    profile.refresh_from_db()
    assert profile.expires_at > timezone.now() + timedelta(days=300)
    assert profile.hidden_reason == HiddenReason.RELEASED
    page.get_by_role("link", name="They were moved").click()
    page.get_by_label("State or territory they were moved to").select_option("NY")
    page.get_by_role("button", name="Show facilities in this state").click()
    page.get_by_label("The facility they were moved to").select_option(label=str(attica))
    page.get_by_role("button", name="Report the transfer").click()
    expect(page.get_by_text("Staff will check the new facility")).to_be_visible()
    profile.refresh_from_db()
    assert profile.facility == attica and profile.status == Profile.Status.PENDING

    page.get_by_role("link", name="Withdraw the listing…").click()
    page.get_by_role("button", name="Withdraw the listing for good").click()
    expect(page.get_by_text("The listing is withdrawn: it is no longer shown")).to_be_visible()
    profile.refresh_from_db()
    assert profile.status == Profile.Status.WITHDRAWN


# --- Accessibility --------------------------------------------------------------------------


def test_the_family_pages_have_no_axe_violations(any_width_page, published, chester):
    page = any_width_page
    pages = {
        "start": "/profiles/list-a-loved-one/",
        "form": "/profiles/submit/",
        "status": published.get_status_url(),
        "edit": f"{published.get_status_url()}edit/",
        "transfer": f"{published.get_status_url()}transfer/",
        "withdraw": f"{published.get_status_url()}withdraw/",
    }
    found = {}
    for name, url in pages.items():
        page.goto(url)
        found[name] = axe_violations(page)
    page.goto("/profiles/submit/")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    found["form with errors"] = axe_violations(page)
    finder(page).fill("sci")
    expect(page.get_by_role("listbox").get_by_role("option").first).to_be_visible()
    found["finder open"] = axe_violations(page)

    assert {name: v for name, v in found.items() if v} == {}
