"""Brute force: allauth's cache-backed limits, answered with a real HTTP 429."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD, WriterFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def sign_in(client, email, password, ip):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_repeated_failures_for_one_account_get_429_and_others_still_sign_in(client, writer):
    other = WriterFactory(email="other@example.com")
    for _ in range(5):
        assert sign_in(client, writer.email, "wrong guess", ATTACKER).status_code == 200

    blocked = sign_in(client, writer.email, "another guess", ATTACKER)

    assert blocked.status_code == 429
    assert "too many failed sign-in attempts" in blocked.content.decode()
    assert blocked["Retry-After"]
    # Even the right password is refused to the attacker while the throttle lasts.
    assert sign_in(client, writer.email, PASSWORD, ATTACKER).status_code == 429
    # Another writer, elsewhere, signs in normally.
    bystander = client.__class__()
    assert sign_in(bystander, other.email, PASSWORD, ELSEWHERE).status_code == 302
    assert bystander.session["_auth_user_id"] == str(other.pk)


def test_one_address_guessing_many_accounts_gets_429(client, db):
    writers = [WriterFactory() for _ in range(11)]
    for victim in writers[:10]:
        assert sign_in(client, victim.email, "wrong guess", ATTACKER).status_code == 200

    assert sign_in(client, writers[10].email, "wrong guess", ATTACKER).status_code == 429
    # The last victim is not affected from their own network.
    assert sign_in(client.__class__(), writers[10].email, PASSWORD, ELSEWHERE).status_code == 302


def test_a_successful_sign_in_does_not_count_as_a_failure(client, writer):
    for _ in range(8):
        response = sign_in(client.__class__(), writer.email, PASSWORD, ATTACKER)
        assert response.status_code == 302


def test_a_password_reset_clears_the_throttle_for_that_account(client, writer, mailoutbox):
    for _ in range(6):
        sign_in(client, writer.email, "wrong guess", ATTACKER)
    assert sign_in(client, writer.email, PASSWORD, ELSEWHERE).status_code == 429

    client.post("/accounts/password/reset/", {"email": writer.email}, REMOTE_ADDR=ELSEWHERE)
    reset_path = re.search(r"/accounts/password/reset/key/\S+", mailoutbox[-1].body).group()
    form_url = client.get(reset_path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": "a fresh passphrase", "password2": "a fresh passphrase"})

    fresh_browser = client.__class__()
    assert sign_in(fresh_browser, writer.email, "a fresh passphrase", ELSEWHERE).status_code == 302


def test_password_reset_emails_are_rate_limited(client, writer, mailoutbox):
    for _ in range(3):
        response = client.post("/accounts/password/reset/", {"email": writer.email})
        assert response.status_code == 302

    response = client.post("/accounts/password/reset/", {"email": writer.email})

    assert response.status_code == 429
    assert len(mailoutbox) == 3


def test_signups_from_one_address_are_rate_limited(client, mailoutbox):
    def signup(n):
        return client.post(
            "/accounts/signup/",
            {
                "display_name": "Sam",
                "email": f"sam{n}@example.com",
                "password1": "a quiet river at dawn",
                "password2": "a quiet river at dawn",
                "date_of_birth": "1980-01-01",
                "accept_guidelines": "on",
            },
            REMOTE_ADDR=ATTACKER,
        )

    for n in range(10):
        assert signup(n).status_code == 302

    response = signup(10)

    assert response.status_code == 429
    assert not User.objects.filter(email="sam10@example.com").exists()
    assert len(mailoutbox) == 10


def test_the_admin_sends_staff_to_the_rate_limited_sign_in_page(client):
    response = client.get("/admin/")
    login = client.get(response["Location"])

    assert login.status_code == 302
    assert login["Location"].startswith("/accounts/login/?next=")


def spray(client, accounts, **headers):
    """A failed sign-in for each of `accounts` (numbers), so only the per-address limit bites."""
    return [
        client.post(
            "/accounts/login/", {"login": f"nobody{n}@example.com", "password": "x"}, **headers
        ).status_code
        for n in accounts
    ]


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(client, db):
    codes = [
        spray(client, [n], REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")[0]
        for n in range(11)
    ]

    assert codes[:10] == [200] * 10
    assert codes[-1] == 429


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.1.1.1"

    assert spray(client, range(10), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)[-1] == 200
    assert spray(client, [10], REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ATTACKER) == [429]
    assert spray(client, [11], REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE) == [200]
