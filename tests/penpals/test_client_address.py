"""One definition of the client's address, honouring TRUSTED_PROXY_COUNT, for every rate limit."""

import pytest
from django.test import RequestFactory

from moderation.reports import client_hash
from profiles.ratelimit import client_address


def request(remote="10.0.0.1", forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_proxy_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.7", "198.51.100.7"),
        # What the client wrote comes first; the proxy appends what it saw.
        ("6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (" 6.6.6.6 ,198.51.100.7 ", "198.51.100.7"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_one_proxy_the_address_it_saw_counts(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request("127.0.0.1", forwarded)) == expected


def test_behind_two_proxies_the_outer_ones_entry_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(request("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


def test_a_missing_or_short_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(request("10.0.0.2", "198.51.100.7")) == "10.0.0.2"
    assert client_address(request("10.0.0.2")) == "10.0.0.2"


def test_garbage_is_one_unknown_address_not_an_error(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request("127.0.0.1", "<script>")) == "unknown"


def test_allauth_and_reports_count_the_same_address(settings):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXY_COUNT = 1
    behind_proxy = request("127.0.0.1", "198.51.100.7")

    assert get_adapter().get_client_ip(behind_proxy) == "198.51.100.7"
    assert client_hash(behind_proxy) == client_hash(request("198.51.100.7"))
    assert client_hash(behind_proxy) != client_hash(request("127.0.0.1", "198.51.100.8"))
