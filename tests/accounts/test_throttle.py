"""Brute force: allauth's cache-backed limits, answered with a real HTTP 429."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import PASSWORD, WriterFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def sign_in(client, email, password, ip):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_repeated_failures_from_one_address_get_429_and_others_still_sign_in(client, writer):
    other = WriterFactory(email="other@example.com")
    for _ in range(5):
        assert sign_in(client, writer.email, "wrong guess", ATTACKER).status_code == 200

    blocked = sign_in(client, writer.email, "another guess", ATTACKER)

    assert blocked.status_code == 429
    assert "too many failed sign-in attempts" in blocked.content.decode()
    assert blocked["Retry-After"]
    # Even the right password is refused to that address while the throttle lasts.
    assert sign_in(client, writer.email, PASSWORD, ATTACKER).status_code == 429
    # Another writer, elsewhere, signs in normally.
    bystander = client.__class__()
    assert sign_in(bystander, other.email, PASSWORD, ELSEWHERE).status_code == 302
    assert bystander.session["_auth_user_id"] == str(other.pk)


def test_a_stranger_guessing_a_password_does_not_lock_the_owner_out(client, writer):
    """Finding 3 of issue 12: five wrong passwords from anywhere used to lock the owner out."""
    for _ in range(6):
        sign_in(client, writer.email, "wrong guess", ATTACKER)
    assert sign_in(client, writer.email, PASSWORD, ATTACKER).status_code == 429

    owner = client.__class__()
    response = sign_in(owner, writer.email, PASSWORD, ELSEWHERE)

    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(writer.pk)


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


def many_places_guess(email, places=20):
    """One wrong password from each of `places` addresses: under every per-address limit."""
    for n in range(places):
        assert sign_in(Client(), email, "wrong guess", f"192.0.2.{n + 1}").status_code == 200


def test_after_guesses_from_many_places_the_right_password_asks_for_an_emailed_code(
    client, writer, mailoutbox
):
    many_places_guess(writer.email)

    response = sign_in(client, writer.email, PASSWORD, ELSEWHERE)

    # Not refused, not signed in either: the second step is a code sent to the owner's mailbox.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    assert "_auth_user_id" not in client.session
    assert mailoutbox[-1].to == [writer.email]
    code = re.search(r"^\s*([A-Z0-9-]{6,12})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    page = client.get("/accounts/login/code/confirm/")
    assert page.status_code == 200
    assert "many places" in page.text

    response = client.post("/accounts/login/code/confirm/", {"code": code}, REMOTE_ADDR=ELSEWHERE)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(writer.pk)


def test_after_guesses_from_many_places_a_wrong_password_sends_no_code(writer, mailoutbox):
    many_places_guess(writer.email)
    sent = len(mailoutbox)

    response = sign_in(Client(), writer.email, "yet another guess", ELSEWHERE)

    assert response.status_code == 200
    assert "do not match an account" in response.text
    assert len(mailoutbox) == sent


def test_a_wrong_sign_in_code_does_not_sign_in(client, writer, mailoutbox):
    many_places_guess(writer.email)
    sign_in(client, writer.email, PASSWORD, ELSEWHERE)

    response = client.post("/accounts/login/code/confirm/", {"code": "AAAAAA"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_password_reset_clears_the_throttle_for_that_account(client, writer, mailoutbox):
    many_places_guess(writer.email)
    for _ in range(6):
        sign_in(client, writer.email, "wrong guess", ELSEWHERE)
    assert sign_in(client, writer.email, PASSWORD, ELSEWHERE).status_code == 429

    client.post("/accounts/password/reset/", {"email": writer.email}, REMOTE_ADDR=ELSEWHERE)
    reset_path = re.search(r"/accounts/password/reset/key/\S+", mailoutbox[-1].body).group()
    form_url = client.get(reset_path, follow=True, REMOTE_ADDR=ELSEWHERE).redirect_chain[-1][0]
    client.post(
        form_url,
        {"password1": "a fresh passphrase", "password2": "a fresh passphrase"},
        REMOTE_ADDR=ELSEWHERE,
    )

    fresh_browser = client.__class__()
    response = sign_in(fresh_browser, writer.email, "a fresh passphrase", ELSEWHERE)
    assert response.status_code == 302
    assert fresh_browser.session["_auth_user_id"] == str(writer.pk)


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
