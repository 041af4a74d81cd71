"""Penpals spells it "e-mail" on every page and in every e-mail it sends, allauth's words
included (its messages, errors and labels)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.utils.html import strip_tags

from tests.accounts.test_signup import PASSWORD, signup_data

pytestmark = pytest.mark.django_db

EMAIL_WITHOUT_HYPHEN = re.compile(r"\bemails?\b", re.IGNORECASE)


def in_mail(message):
    """The words of an e-mail, without its links (/accounts/confirm-email/...)."""
    return EMAIL_WITHOUT_HYPHEN.findall(re.sub(r"https?://\S+", "", message.subject + message.body))


def visible_words(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.DOTALL)
    text = strip_tags(html)
    return EMAIL_WITHOUT_HYPHEN.findall(text)


def test_sign_up_sign_in_and_their_errors_say_e_mail(client, alice, mailoutbox):
    pages = [
        client.get("/accounts/signup/"),
        client.post("/accounts/signup/", signup_data(email="not an address")),
        client.post("/accounts/signup/", signup_data(), follow=True),
        client.get("/accounts/login/"),
        client.post("/accounts/login/", {"login": "nobody@example.com", "password": "wrong"}),
        client.get("/accounts/password/reset/"),
    ]
    for response in pages:
        assert response.status_code in (200, 400), response.request["PATH_INFO"]
        assert visible_words(response) == [], response.request["PATH_INFO"]
    assert "Enter an e-mail address, like name@example.com." in pages[1].content.decode()
    assert mailoutbox
    for message in mailoutbox:
        assert in_mail(message) == []


def test_changing_the_address_says_e_mail(client, mailoutbox):
    from tests.factories import WriterFactory

    writer = WriterFactory(email="wren@example.com", password=PASSWORD)
    client.force_login(writer)

    page = client.get("/accounts/email/")
    changed = client.post(
        "/accounts/email/", {"action_add": "", "email": "wren@example.org"}, follow=True
    )
    refused = client.post("/accounts/email/", {"action_add": "", "email": "wren at home"})

    for response in (page, changed, refused):
        assert visible_words(response) == []
    assert "We sent a confirmation e-mail to wren@example.org." in changed.content.decode()
    assert EmailAddress.objects.filter(email="wren@example.org").exists()
    assert "Enter an e-mail address" in refused.content.decode()
    assert mailoutbox
    for message in mailoutbox:
        assert in_mail(message) == []
