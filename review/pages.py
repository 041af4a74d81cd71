"""The pages under review, as (name, path): what the issue asks to be checked."""

import re
import urllib.request

from review.site import WRITER_EMAIL, WRITER_PASSWORD


def _first_profile(base_url, query):
    """The first profile the directory lists for a search."""
    with urllib.request.urlopen(f"{base_url}/profiles/?q={query}", timeout=10) as response:
        html = response.read().decode()
    return re.search(r'class="stretched-link" href="(/profiles/[\w-]+/)"', html).group(1)


def public_pages(base_url):
    return [
        ("home", "/"),
        ("directory", "/profiles/"),
        ("profile", _first_profile(base_url, "Bartholomew")),
        ("submit-start", "/profiles/list-a-loved-one/"),
        ("submit", "/profiles/submit/"),
        ("facilities", "/facilities/"),
        ("facility", "/facilities/sci-albion-pa/"),
        ("signup", "/accounts/signup/"),
        ("signin", "/accounts/login/"),
        ("safety", "/safety/"),
    ]


def signed_in_pages(base_url):
    return [
        ("letters", "/letters/"),
        ("letter-editor", "/letters/1/"),
        ("saved", "/accounts/saved/"),
        ("account", "/accounts/profile/"),
    ]


def sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(WRITER_EMAIL)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(WRITER_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if "/accounts/login/" in page.url:
        raise RuntimeError("The review writer could not sign in.")
