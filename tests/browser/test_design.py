"""The design system as people see it: one accent, and borders and a focus ring that stand out
from the page (WCAG 2.2 asks 3:1 for both)."""

import pytest

from tests.factories import PublicProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Colours as the browser computed them, and WCAG's contrast ratio between two of them.
CONTRAST = """([selector, property, against]) => {
    const rgb = (color) => color.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const luminance = (color) => {
        const [r, g, b] = rgb(color).map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const element = document.querySelector(selector);
    const color = getComputedStyle(element)[property];
    const background = getComputedStyle(against ? document.querySelector(against) : document.body)
        .backgroundColor;
    const [light, dark] = [luminance(color), luminance(background)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
}"""


def contrast(page, selector, property, against=None):
    return page.evaluate(CONTRAST, [selector, property, against])


def test_fields_and_checkboxes_have_borders_people_can_see(page):
    page.goto("/profiles/")

    for selector in ("#id_q", "#id_state", "#id_new"):
        assert contrast(page, selector, "borderTopColor") >= 3, selector  # against the page
        assert contrast(page, selector, "borderTopColor", selector) >= 3, selector  # the field


def test_the_focus_ring_stands_out_from_the_page(page):
    page.goto("/")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand

    focused = page.evaluate("document.activeElement.className")
    assert "navbar-brand" in focused
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)") >= 2
    assert contrast(page, ".navbar-brand", "outlineColor") >= 3


def test_links_and_buttons_share_one_accent(page):
    PublicProfileFactory()
    page.goto("/profiles/")

    colors = {
        page.evaluate(f"getComputedStyle(document.querySelector('{selector}'))['{prop}']")
        for selector, prop in [
            (".lead-narrow a", "color"),  # a link in the text
            (".btn-primary", "backgroundColor"),
            (".profile-card-actions .btn-outline-primary", "color"),  # "Sign in to save"
            (".directory-filters summary", "borderTopColor"),
        ]
    }
    assert colors == {"rgb(47, 93, 98)"}
