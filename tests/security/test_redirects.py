"""Every `next` parameter goes through one rule: a path on this site, or the page's default
(finding 5 of issue 12: `next=hello` was a 500)."""

import pytest
from django.test import Client

from tests.factories import PASSWORD, PublicProfileFactory, WriterFactory

pytestmark = pytest.mark.django_db

UNSAFE = [
    "hello",  # a bare word: redirect() took it for a view name (NoReverseMatch, a 500)
    "accounts:profile",
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example/",
    "javascript:alert(1)",
    "/letters/\x00",
    "/letters/\r\nSet-Cookie: x=1",
    " /letters/",
]


@pytest.fixture
def writer_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(WriterFactory())
    return client


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_saving_a_profile_with_an_unsafe_next_goes_to_the_saved_list(writer_client, unsafe):
    profile = PublicProfileFactory()

    response = writer_client.post(f"/accounts/saved/{profile.public_id}/", {"next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/saved/"


def test_saving_a_profile_goes_back_to_a_path_on_this_site(writer_client):
    profile = PublicProfileFactory()

    response = writer_client.post(
        f"/accounts/saved/{profile.public_id}/", {"next": "/profiles/?state=PA"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/profiles/?state=PA"


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_signing_in_with_an_unsafe_next_goes_home(client, unsafe):
    writer = WriterFactory()

    response = client.post(
        "/accounts/login/", {"login": writer.email, "password": PASSWORD, "next": unsafe}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signing_in_goes_on_to_a_path_on_this_site(client):
    writer = WriterFactory()

    response = client.post(
        "/accounts/login/", {"login": writer.email, "password": PASSWORD, "next": "/letters/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/letters/"
