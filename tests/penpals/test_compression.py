"""Pages are sent compressed, except those whose address is a secret (BREACH)."""

import gzip

import pytest
from django.urls import reverse

from tests.factories import ProfileFactory, PublicProfileFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_public_pages_are_compressed_and_padded_differently_each_time(client):
    PublicProfileFactory.create_batch(3)

    first = client.get("/profiles/", **GZIP)
    again = [client.get("/profiles/", **GZIP) for _ in range(4)]  # from the page cache

    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"]
    html = gzip.decompress(first.content).decode()
    assert "3 people" in html
    assert len(first.content) < len(html.encode()) / 3
    # Random padding: the same page does not come at the same length every time.
    assert len({len(response.content) for response in [first, *again]}) > 1


def test_a_client_that_does_not_ask_for_gzip_gets_plain_html(client):
    response = client.get("/")

    assert not response.has_header("Content-Encoding")
    assert b"Write to someone in prison" in response.content


def test_the_status_page_whose_address_is_a_secret_is_not_compressed(client):
    profile = ProfileFactory()

    response = client.get(reverse("status:page", args=[profile.status_token]), **GZIP)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert profile.status_token.encode() in response.content
