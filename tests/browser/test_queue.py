"""Moderators in Chromium: a listing that arrived by mail, consent that came back by mail, a
keyboard-only approval, and dates without a clock warning in the staff member's time zone."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from profiles.models import Profile
from tests.browser.conftest import axe_violations, sign_in_to_admin
from tests.factories import FacilityFactory, ProfileFactory, WriterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def moderator():
    user = WriterFactory(email="mo@example.com", is_staff=True)
    # A transactional test before this one may have flushed the group the migration made.
    group, _ = Group.objects.get_or_create(name="Moderators")
    if not group.permissions.exists():
        from django.contrib.auth.models import Permission

        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=["profiles", "moderation", "facilities"],
                codename__regex=r"^(view|change|add)_(profile|report|profileevent|facility)$",
            )
        )
    user.groups.add(group)
    return user


def test_staff_enter_a_mailed_in_request_and_approve_it(page, moderator, tmp_path):
    FacilityFactory(name="Attica Correctional Facility", physical_city="ATTICA")
    scan = tmp_path / "letter.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a scanned letter\n")
    sign_in_to_admin(page, moderator)

    page.get_by_role("link", name="Enter a listing that arrived by mail").click()
    page.get_by_label("Consent document").set_input_files(str(scan))
    page.get_by_label("Consent note").fill("Letter of November 3, in his hand.")
    page.get_by_label("Committed first name").fill("Luis")
    page.get_by_label("Committed last name").fill("Ortega")
    page.get_by_label("Inmate number").fill("123456")
    page.locator(".field-facility .select2-selection").click()
    page.locator(".select2-search__field").fill("attica")
    page.locator(".select2-results__option", has_text="Attica Correctional Facility").click()
    page.get_by_label("Date of birth").fill("1979-02-11")
    page.locator("#id_gender").select_option("man")
    page.get_by_label("Bio").fill(
        "I read everything about the ocean and draw the birds I see from the yard. I would "
        "like to hear about the places you have lived."
    )
    page.get_by_label("English").check()
    page.get_by_label("Friendship").check()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    profile = Profile.objects.get()
    assert (profile.status, profile.arrived_by, profile.first_name) == ("pending", "mail", "Luis")
    page.goto(f"/admin/profiles/profile/{profile.pk}/change/")
    page.get_by_role("button", name="Approve and publish…").click()
    page.get_by_label("Letter from the person").check()
    page.get_by_role("button", name="Approve and publish", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("Published 1 listing.")
    profile.refresh_from_db()
    assert profile.status == Profile.Status.APPROVED
    assert profile.consent_method == "letter"
    assert profile.consent_note == "Letter of November 3, in his hand."


def test_a_family_prints_the_consent_form_and_staff_approve_with_it(
    browser, live_server, moderator, settings
):
    settings.PENPALS_POSTAL_ADDRESS = "Penpals|P.O. Box 41|Chicago, IL 60690"
    profile = ProfileFactory(first_name="Marcus", last_name="Reed")
    family = browser.new_context(base_url=live_server.url).new_page()
    family.goto(profile.get_status_url())

    with family.expect_response(re.compile(r"consent-form\.pdf$")) as response_info:
        family.get_by_role("link", name="Print the consent form (PDF)").click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    family.context.close()

    staff = browser.new_context(base_url=live_server.url).new_page()
    sign_in_to_admin(staff, moderator)
    staff.get_by_label("A signed consent form came back? Its code:").fill(profile.consent_code)
    staff.get_by_role("button", name="Record it").click()
    expect(staff.locator(".messagelist")).to_contain_text("Recorded the signed consent form")
    expect(staff.locator(".field-consent_record")).to_contain_text(profile.consent_code)
    staff.get_by_role("button", name="Approve and publish…").click()
    expect(staff.get_by_label("Signed consent form received")).to_be_checked()
    staff.get_by_role("button", name="Approve and publish", exact=True).click()

    expect(staff.locator(".messagelist")).to_contain_text("Published 1 listing.")
    profile.refresh_from_db()
    assert profile.status == Profile.Status.APPROVED
    assert profile.consent_method == "signed_form"
    staff.context.close()


def test_a_keyboard_approval_takes_three_keystrokes_and_opens_the_next(page, moderator):
    first, second = ProfileFactory.create_batch(2)
    sign_in_to_admin(page, moderator)
    page.goto(f"/admin/profiles/profile/{first.pk}/change/")
    keys = ["Enter", "Space", "Enter"]

    page.keyboard.press(keys[0])  # "Approve and publish…" has the focus
    page.wait_for_url(re.compile(r"/admin/profiles/profile/(\?.*)?$"))
    expect(page.get_by_label("Letter from the person")).to_be_focused()
    page.keyboard.press(keys[1])  # choose how consent was confirmed
    page.keyboard.press(keys[2])  # "… and open the next"
    page.wait_for_url(f"**/admin/profiles/profile/{second.pk}/change/")

    assert len(keys) <= 5
    first.refresh_from_db()
    assert first.status == Profile.Status.APPROVED
    assert first.consent_method == "letter"


def test_admin_dates_carry_no_clock_warning_in_the_staff_members_time_zone(
    browser, live_server, moderator
):
    context = browser.new_context(base_url=live_server.url, timezone_id="Europe/Berlin")
    page = context.new_page()
    sign_in_to_admin(page, moderator)  # the sign-in form sends the browser's time zone

    page.goto("/admin/profiles/profile/add/")

    expect(page.get_by_label("Date of birth")).to_be_visible()
    expect(page.locator(".timezonewarning")).to_have_count(0)
    moderator.refresh_from_db()
    assert moderator.time_zone == "Europe/Berlin"
    context.close()


def test_the_front_page_of_the_admin_lists_the_work_waiting(page, moderator):
    ProfileFactory.create_batch(3)
    sign_in_to_admin(page, moderator)

    panel = page.locator("#work-waiting")
    expect(panel).to_contain_text("Listings waiting for a decision")
    expect(panel.locator("tr", has_text="Listings waiting for a decision")).to_contain_text("3")
    assert axe_violations(page, exclude=["#container > :not(#content)"]) == []
