"""axe-core on every page a visitor or writer uses, at a laptop's and a phone's width.

Any violation of any impact fails: the issue asks for none at all. The family pages (the
submission form) are checked by the lead's own tests."""

import pytest

from accounts.models import SavedProfile
from tests.browser.conftest import axe_violations, sign_in
from tests.letters.fixtures import (
    alice_address,
    pa_facility,
    pa_letter,
    pa_person,
)

__all__ = ["alice_address", "pa_facility", "pa_letter", "pa_person"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = {
    "home": "/",
    "directory": "/profiles/",
    "profile": "{profile}",
    "submit": "/profiles/submit/",
    "facilities": "/facilities/",
    "facility": "{facility}",
    "sign-up": "/accounts/signup/",
    "sign-in": "/accounts/login/",
    "safety": "/safety/",
}
SIGNED_IN_PAGES = {
    "letter list": "/letters/",
    "letter editor": "{letter}",
    "saved profiles": "/accounts/saved/",
    "account": "/accounts/profile/",
}


def urls(pages, letter):
    return {
        name: path.format(
            profile=letter.profile.get_absolute_url(),
            facility=letter.profile.facility.get_absolute_url(),
            letter=letter.get_absolute_url(),
        )
        for name, path in pages.items()
    }


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_have_no_axe_violations(any_width_page, pa_letter, name):
    page = any_width_page
    response = page.goto(urls(PUBLIC_PAGES, pa_letter)[name])

    assert response.status == 200
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_have_no_axe_violations(any_width_page, live_server, pa_letter, name):
    page = sign_in(any_width_page, pa_letter.writer, live_server)
    SavedProfile.objects.create(user=pa_letter.writer, profile=pa_letter.profile)
    response = page.goto(urls(SIGNED_IN_PAGES, pa_letter)[name])

    assert response.status == 200
    assert page.locator("form.nav-signout").count() == 1  # signed in (the nav may be folded)
    assert axe_violations(page) == []
