"""Odd input in addresses and query strings is a 4xx, never a 500 (on SQLite and PostgreSQL).

PostgreSQL refuses NUL characters in query parameters, so a NUL that reaches the database is a
500 there even when SQLite answers.
"""

import pytest
from django.test import Client

from tests.factories import PublicProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client():
    # Answer as production does (with the error page) instead of re-raising the exception.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/profiles/%00/", 404),
        ("/profiles/x%00y/report/", 404),
        ("/profiles/status/%00/", 404),
        ("/profiles/status/x%00y/edit/", 404),
        ("/facilities/?q=%00", 400),
        ("/facilities/?q=Albion%00&state=PA", 400),
        ("/facilities/?state=P%00", 400),
    ],
)
def test_a_nul_character_in_a_public_address_is_a_4xx(quiet_client, path, expected):
    PublicProfileFactory()

    assert quiet_client.get(path).status_code == expected


def test_a_nul_character_in_the_letter_recipient_is_a_404(quiet_client, alice):
    PublicProfileFactory()
    quiet_client.force_login(alice)

    assert quiet_client.get("/letters/new/?to=%00").status_code == 404
    assert quiet_client.post("/letters/new/?to=a%00b").status_code == 404


def test_a_nul_character_in_a_saved_profile_address_is_a_404(quiet_client, alice):
    quiet_client.force_login(alice)

    assert quiet_client.post("/accounts/saved/x%00y/", {"action": "unsave"}).status_code == 404
