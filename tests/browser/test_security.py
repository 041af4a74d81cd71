"""In Chromium: two staff members change a mailing address (four eyes), and a writer whose
account is under attack signs in with the right password plus an e-mailed code (issue 12)."""

import os
import re
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from playwright.sync_api import expect

from accounts.adapters import ACCOUNT_LIMIT_ACTION
from facilities.models import DirectoryChange, MailPolicy
from tests.browser.conftest import axe_violations, foreign_requests
from tests.factories import PASSWORD, FacilityFactory, WriterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("PENPALS_SCREENSHOTS")
SOURCE = "https://doc.example.gov/mail-rules"


def snap(page, name):
    if SCREENSHOTS:
        page.screenshot(
            path=f"{SCREENSHOTS}/{name}-{page.viewport_size['width']}.png", full_page=True
        )


def directory_editors():
    """The group its data migration makes: a transactional test before this one may have
    flushed it (permissions come back after a flush, groups do not)."""
    roles = import_module("facilities.migrations.0006_directory_editors_group")
    group, _ = Group.objects.get_or_create(name=roles.EDITORS)
    for app_label, model, actions in roles.EDITOR_PERMISSIONS:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )
    return group


def editor(email):
    user = WriterFactory(email=email, is_staff=True)
    user.groups.add(directory_editors())
    return user


def sign_in(page, email, next_url="/admin/"):
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_new_mailing_address_is_public_only_after_a_second_editor_approves(
    page, browser, live_server
):
    facility = FacilityFactory(name="Test Ridge Correctional Center", slug="test-ridge")
    policy = MailPolicy.objects.get(jurisdiction=facility.jurisdiction)
    editor("first.editor@example.com")
    editor("second.editor@example.com")

    sign_in(page, "first.editor@example.com")
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/facilities/mailpolicy/{policy.pk}/change/")
    page.get_by_label("Mailing address template").fill(
        "{name} #{number}\nCENTRAL MAIL PROCESSING\nPO BOX 4100\nDALLAS, TX 75266"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    # Refused without a source: the form says why and keeps what was typed.
    assert "needs a source" in page.locator(".errorlist").first.inner_text()
    assert "PO BOX 4100" in page.get_by_label("Mailing address template").input_value()
    page.get_by_label("Source of this change").fill(SOURCE)
    page.get_by_role("button", name="Save", exact=True).click()

    assert "keeps showing the current address" in page.locator(".messagelist").inner_text()
    assert "Waiting for another staff member" in page.content()
    snap(page, "directory-change-proposed")
    change = DirectoryChange.objects.get()
    assert change.status == "pending"
    # A visitor and the second editor, each in a browser context of their own, closed at the
    # end so that no connection outlives the test.
    visitor_context = browser.new_context(base_url=live_server.url)
    second_context = browser.new_context(base_url=live_server.url)
    try:
        visitor = visitor_context.new_page()
        assert visitor.goto("/facilities/test-ridge/").status == 200
        assert "PO BOX 4100" not in visitor.get_by_test_id("mailing-address").inner_text()

        second = second_context.new_page()
        sign_in(
            second,
            "second.editor@example.com",
            f"/admin/facilities/directorychange/{change.pk}/change/",
        )
        second.wait_for_url(f"**/admin/facilities/directorychange/{change.pk}/change/")
        assert SOURCE in second.content()
        snap(second, "directory-change-review")
        second.get_by_role("button", name="Approve (make public)").click()

        assert f"Approved {change}" in second.locator(".messagelist").inner_text()
        change.refresh_from_db()
        assert (change.status, change.decided_by.email) == ("approved", "second.editor@example.com")
        visitor.goto("/facilities/test-ridge/")
        assert "PO BOX 4100" in visitor.get_by_test_id("mailing-address").inner_text()
        assert "Mailing address last changed" in visitor.content()
        snap(visitor, "facility-address-changed")
    finally:
        visitor_context.close()
        second_context.close()
    assert foreign_requests(page.requested_urls) == []


def trip_the_account_limit(email):
    """What many networks guessing the password leave behind: the account-wide count full."""
    from allauth.core import ratelimit

    request = RequestFactory().post("/accounts/login/")
    request.META["REMOTE_ADDR"] = "192.0.2.1"
    while ratelimit.consume(request, action=ACCOUNT_LIMIT_ACTION, key=email):
        pass


def test_a_writer_under_attack_signs_in_with_the_right_password_and_an_emailed_code(any_width_page):
    page = any_width_page
    writer = WriterFactory(email="wren@example.com")
    cache.clear()
    trip_the_account_limit(writer.email)

    sign_in(page, writer.email, "/letters/")
    page.wait_for_url("**/accounts/login/code/confirm/**")

    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    assert axe_violations(page) == []
    snap(page, "sign-in-code")
    code = re.search(r"^\s*([A-Z0-9-]{6,12})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    assert mail.outbox[-1].to == [writer.email]
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/letters/")
    assert page.get_by_role("heading", name=re.compile("letters", re.IGNORECASE)).count() >= 1
    assert foreign_requests(page.requested_urls) == []
