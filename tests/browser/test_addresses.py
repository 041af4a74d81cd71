"""Addresses are written on envelopes exactly as shown: at every width from 320 px up they wrap,
and no part of them is cut off or hidden behind a scroll bar."""

import pytest

from facilities import importer
from facilities.models import Facility, Jurisdiction
from letters.models import Letter
from tests.browser.conftest import sign_in
from tests.factories import FacilityFactory, PublicProfileFactory
from tests.letters.fixtures import alice_address

__all__ = ["alice_address"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 390, 768, 1280]
REGISTER_NUMBER = "12345-678"

# Every element from the address up to <body> must show all of its content: nothing wider than
# its box (clipped, or reachable only by scrolling sideways), nothing cut off at the bottom.
HIDDEN_PARTS = """(address) => {
    const hidden = [];
    for (let node = address; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node);
        const name = node.tagName.toLowerCase() + (node.className ? "." + node.className : "");
        if (style.display === "inline") continue;
        if (node.scrollWidth > node.clientWidth + 1) hidden.push(name + " is cut off at the side");
        if (style.overflowY !== "visible" && node.scrollHeight > node.clientHeight + 1)
            hidden.push(name + " is cut off at the bottom");
        if (style.textOverflow === "ellipsis") hidden.push(name + " truncates with an ellipsis");
    }
    if (document.documentElement.scrollWidth > window.innerWidth)
        hidden.push("the page scrolls sideways");
    for (const number of address.querySelectorAll(".text-nowrap"))
        if (number.getClientRects().length > 1) hidden.push(number.textContent + " is split");
    return hidden;
}"""


def longest_real_facility_name():
    """The longest name among the facilities the import loads, as the import writes it."""
    rows = importer.read_csv(importer.HIFLD_FILE, importer.DATA_DIR)
    names = [
        importer.title_case(importer.clean(row["NAME"]))
        for row in rows
        if row["STATUS"] == "OPEN" and row["TYPE"] in ("STATE", "FEDERAL")
    ]
    return max(names, key=len)


@pytest.fixture
def long_address_letter(alice, alice_address, shipped_policies):
    """A federal prison (a Register Number on the first line) carrying the longest real name,
    which the BOP writes on its own envelope line."""
    facility = FacilityFactory(
        jurisdiction=Jurisdiction.objects.get(code="US-BOP"),
        name=longest_real_facility_name(),
        facility_type=Facility.Type.FEDERAL,
        mail_street="P.O. BOX 4000",
        mail_city="ALICEVILLE",
        mail_state="AL",
        mail_zip="35442",
    )
    person = PublicProfileFactory(
        first_name="Bartholomew",
        last_name="Vandenberg-Castellanos",
        inmate_number=REGISTER_NUMBER,
        facility=facility,
    )
    return Letter.objects.create(writer=alice, profile=person, body="Dear Bartholomew,")


def assert_whole_at_every_width(page, address, expected):
    assert address.locator(".text-nowrap").count() >= 1  # the numbers are kept whole
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert address.evaluate(HIDDEN_PARTS) == [], f"at {width} px"
        text = " ".join(address.inner_text().split())
        for part in expected:
            assert part in text, f"at {width} px"


def test_the_profile_page_shows_the_whole_address_at_every_width(page, long_address_letter):
    profile = long_address_letter.profile
    assert page.goto(profile.get_absolute_url()).status == 200

    assert_whole_at_every_width(
        page,
        page.locator("#mailing-address"),
        [f"BARTHOLOMEW VANDENBERG-CASTELLANOS, Reg. No. {REGISTER_NUMBER}", profile.facility.name],
    )


def test_the_facility_page_shows_the_whole_address_at_every_width(page, long_address_letter):
    facility = long_address_letter.profile.facility
    assert page.goto(facility.get_absolute_url()).status == 200

    assert_whole_at_every_width(
        page,
        page.get_by_test_id("mailing-address"),
        ["[FIRST NAME] [LAST NAME], Reg. No. [REGISTER NO.]", facility.name],
    )


def test_the_letter_editor_shows_both_whole_addresses_at_every_width(
    page, live_server, long_address_letter
):
    sign_in(page, long_address_letter.writer, live_server)
    assert page.goto(long_address_letter.get_absolute_url()).status == 200

    assert_whole_at_every_width(
        page,
        page.get_by_test_id("envelope-to"),
        [REGISTER_NUMBER, long_address_letter.profile.facility.name, "P.O. BOX 4000"],
    )
    assert_whole_at_every_width(
        page, page.get_by_test_id("envelope-from"), ["Alice Walker", "P.O. Box 123"]
    )
