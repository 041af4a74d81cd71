"""The letter editor in a real browser: autosave, reload, a conflict between two tabs, the PDF."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from playwright.sync_api import expect
from pypdf import PdfReader

from letters.models import LetterRevision
from tests.letters.fixtures import (
    alice_address,
    pa_facility,
    pa_letter,
    pa_person,
    shipped_policies,
)

# Imported fixtures, used by name below.
__all__ = ["alice_address", "pa_facility", "pa_letter", "pa_person", "shipped_policies"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, alice, live_server):
    client = Client()
    client.force_login(alice)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def type_at_end(textarea, text):
    textarea.focus()
    textarea.press("Control+End")
    textarea.press_sequentially(text)


def wait_until_saved(page):
    page.locator("#letter-save-status").get_by_text("Saved at").wait_for()


def test_typing_autosaves_survives_a_reload_resolves_a_conflict_and_prints(signed_in, pa_letter):
    page = signed_in
    url = f"/letters/{pa_letter.pk}/"
    page.goto(url)
    body = page.locator("textarea[name=body]")

    body.fill("")
    body.press_sequentially("Dear John, the river was high today.")
    wait_until_saved(page)
    page.reload()
    assert page.locator("textarea[name=body]").input_value() == (
        "Dear John, the river was high today."
    )

    # The same draft in a second tab, which falls behind when the first tab saves.
    other = page.context.new_page()
    other.goto(url)
    type_at_end(body, " First tab.")
    wait_until_saved(page)
    other_body = other.locator("textarea[name=body]")
    type_at_end(other_body, " Second tab.")
    conflict = other.locator("#letter-conflict")
    conflict.wait_for(state="visible")
    assert other.locator("#conflict-saved").input_value().endswith("First tab.")
    assert other.locator("#conflict-yours").input_value().endswith("Second tab.")
    pa_letter.refresh_from_db()
    assert pa_letter.body.endswith("First tab.")
    assert pa_letter.revisions.filter(reason=LetterRevision.Reason.REFUSED).exists()

    other.get_by_role("button", name="Keep my text").click()
    wait_until_saved(other)
    pa_letter.refresh_from_db()
    assert pa_letter.body == "Dear John, the river was high today. Second tab."

    page.reload()
    expect(page.locator("#letter-verdict").get_by_text("Ready to print")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF to print").click()
    pdf = PdfReader(download_info.value.path())
    assert "Second tab." in pdf.pages[0].extract_text()
    assert "JOHN DOE/AB1234" in pdf.pages[-1].extract_text()


def test_text_typed_offline_is_offered_back_after_the_page_closes(signed_in, pa_letter):
    page = signed_in
    page.goto(f"/letters/{pa_letter.pk}/")
    page.route("**/autosave", lambda route: route.abort("internetdisconnected"))
    body = page.locator("textarea[name=body]")
    type_at_end(body, " Typed on the train.")
    # Leaving the box saves at once (and fails). Closing the tab with the box focused would
    # blur it and send one more save, racing the close: it sometimes got through.
    with page.expect_event("requestfailed"):
        body.blur()
    page.locator("#letter-save-status").get_by_text("offline").wait_for()
    page.close()

    again = page.context.new_page()
    again.goto(f"/letters/{pa_letter.pk}/")
    again.locator("#letter-recovery").wait_for(state="visible")
    # The status already says "Saved at" (the last server save) before the click: wait for the
    # save the click sends, not for the text.
    with again.expect_response(lambda r: r.url.endswith("/autosave")) as autosave:
        again.get_by_role("button", name="Put that text back").click()
    assert autosave.value.ok

    pa_letter.refresh_from_db()
    assert pa_letter.body.endswith("Typed on the train.")


def test_anonymous_visitors_are_sent_to_sign_in(page, pa_letter):
    page.goto(f"/letters/{pa_letter.pk}/")

    assert resolve_url(settings.LOGIN_URL) + "?next=" in page.url
    assert page.get_by_role("heading", level=1).count() == 1
