"""The page cache keeps one copy of a page per language: a visitor never gets a cached page in
the language another visitor asked for, and the language switcher's cookie beats the browser's
Accept-Language."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PublicProfileFactory

pytestmark = pytest.mark.django_db

ENGLISH, SPANISH = "People who would like letters", "Personas a quienes les gustaría recibir cartas"


@pytest.fixture
def directory():
    PublicProfileFactory(first_name="Marcus", last_name="Holloway")
    return "/profiles/"


def visitor(accept_language, cookie=None):
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language)
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    return client


def heading(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    return ENGLISH if ENGLISH in text else SPANISH if SPANISH in text else None


@pytest.mark.parametrize(("first", "then"), [("en", "es"), ("es", "en")])
def test_a_cached_page_is_never_served_in_another_language(directory, first, then):
    expected = {"en": ENGLISH, "es": SPANISH}
    assert settings.PENPALS_PAGE_CACHE_SECONDS > 0

    assert heading(visitor(first), directory) == expected[first]
    assert heading(visitor(then), directory) == expected[then]
    # Both copies stay cached, each for its own language.
    assert heading(visitor(first), directory) == expected[first]


def test_a_repeat_visit_in_spanish_is_served_from_the_cache(
    directory, django_assert_max_num_queries
):
    heading(visitor("es"), directory)

    with django_assert_max_num_queries(1):  # the version of the public pages, nothing else
        assert heading(visitor("es"), directory) == SPANISH


@pytest.mark.parametrize(("cookie", "browser", "expected"), [
    ("es", "en-US,en;q=0.9", SPANISH),
    ("en", "es-MX,es;q=0.9", ENGLISH),
])  # fmt: skip
def test_the_switchers_cookie_beats_the_browsers_language(directory, cookie, browser, expected):
    heading(visitor(browser), directory)  # the browser's language, cached first

    assert heading(visitor(browser, cookie=cookie), directory) == expected


def test_pages_say_they_vary_by_language_and_cookie(directory):
    for client in (visitor("es"), visitor("es")):  # rendered, then cached
        vary = {part.strip() for part in client.get(directory)["Vary"].split(",")}

        assert {"Accept-Language", "Cookie"} <= vary


def test_the_switcher_sets_the_cookie_and_returns_to_the_page(directory):
    client = visitor("en-US")
    heading(client, directory)

    response = client.post("/i18n/setlang/", {"language": "es", "next": directory})

    assert response.status_code == 302 and response["Location"] == directory
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert heading(client, directory) == SPANISH


def test_the_switcher_never_sends_a_visitor_to_another_site(directory):
    response = visitor("en").post(
        "/i18n/setlang/", {"language": "es", "next": "https://evil.example/"}
    )

    assert response.status_code == 302 and "evil.example" not in response["Location"]
