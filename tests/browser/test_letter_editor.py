"""The letter editor in a real browser: autosave, reload, a conflict between two tabs, the PDF."""

from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.dateformat import time_format
from playwright.sync_api import expect
from pypdf import PdfReader

from letters.models import Letter, LetterRevision
from tests.browser.conftest import axe_violations, sign_in
from tests.letters.fixtures import (
    alice_address,
    pa_facility,
    pa_letter,
    pa_person,
)

# Imported fixtures, used by name below.
__all__ = ["alice_address", "pa_facility", "pa_letter", "pa_person"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, alice, live_server):
    return sign_in(page, alice, live_server)


def type_at_end(textarea, text):
    textarea.focus()
    textarea.press("Control+End")
    textarea.press_sequentially(text)


def wait_until_saved(page):
    page.locator("#letter-save-status").get_by_text("Saved today at").wait_for()


def test_typing_autosaves_survives_a_reload_and_prints(signed_in, pa_letter):
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

    expect(page.locator("#letter-verdict").get_by_text("Ready to print")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF to print").click()
    pdf = PdfReader(download_info.value.path())
    assert "the river was high today." in pdf.pages[0].extract_text()
    assert "JOHN DOE/AB1234" in pdf.pages[-1].extract_text()


def test_a_conflict_between_two_tabs_is_merged_without_doubled_paragraphs(
    any_width_page, live_server, pa_letter
):
    page = sign_in(any_width_page, pa_letter.writer, live_server)
    opening = pa_letter.body
    page.goto(pa_letter.get_absolute_url())
    # The same draft in a second tab, which falls behind when the first tab saves.
    other = page.context.new_page()
    other.goto(pa_letter.get_absolute_url())

    type_at_end(page.locator("textarea[name=body]"), "\n\nP.S. The garden is in bloom.")
    wait_until_saved(page)
    type_at_end(other.locator("textarea[name=body]"), "\n\nP.S. I joined a library.")
    other.locator("textarea[name=body]").blur()

    panel = other.locator("#letter-conflict")
    expect(panel).to_be_visible()
    expect(other.locator("#conflict-heading")).to_be_focused()
    # Only the paragraphs that differ are shown; the shared opening is not asked about.
    expect(panel.get_by_text("P.S. The garden is in bloom.")).to_be_visible()
    expect(panel.get_by_text("P.S. I joined a library.")).to_be_visible()
    assert panel.get_by_text("I hope this letter finds you well.").count() == 0
    expect(other.locator("textarea[name=body]")).not_to_be_editable()
    assert axe_violations(other) == []

    keep_both = panel.get_by_label("Keep both, the other tab's first")
    if other.viewport_size["width"] < 500:
        keep_both.tap()
    else:
        keep_both.check()
    other.get_by_role("button", name="Save the letter with these choices").click()

    expect(other.get_by_text("Both texts are also kept")).to_be_visible()
    merged = opening + "\n\nP.S. The garden is in bloom.\n\nP.S. I joined a library."
    assert other.locator("textarea[name=body]").input_value() == merged
    pa_letter.refresh_from_db()
    assert pa_letter.body == merged
    assert pa_letter.body.count("I hope this letter finds you well.") == 1
    assert pa_letter.revisions.filter(reason=LetterRevision.Reason.REFUSED).exists()


def test_mark_as_sent_is_refused_for_an_empty_draft(any_width_page, live_server, pa_letter):
    pa_letter.body = ""
    pa_letter.save()
    page = sign_in(any_width_page, pa_letter.writer, live_server)
    page.goto(pa_letter.get_absolute_url())

    page.get_by_role("button", name="Mark as sent").click()

    expect(page.get_by_role("alert").get_by_text("The letter has no text yet")).to_be_visible()
    pa_letter.refresh_from_db()
    assert pa_letter.status == Letter.Status.DRAFT
    assert not pa_letter.log_entries.exists()


def test_times_are_shown_in_the_writers_time_zone_whatever_the_browsers_clock(
    browser, live_server, pa_letter
):
    writer = pa_letter.writer
    writer.time_zone = "Pacific/Honolulu"
    writer.save()
    context = browser.new_context(base_url=live_server.url, timezone_id="Europe/Berlin")
    try:
        page = sign_in(context.new_page(), writer, live_server)
        page.goto(pa_letter.get_absolute_url())
        type_at_end(page.locator("textarea[name=body]"), " More.")
        wait_until_saved(page)

        pa_letter.refresh_from_db()
        honolulu = pa_letter.updated_at.astimezone(ZoneInfo("Pacific/Honolulu"))
        expected = time_format(honolulu, "g:i a")
        assert page.locator("#letter-save-status").inner_text().endswith(f"at {expected}")
    finally:
        context.close()


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
