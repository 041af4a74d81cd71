"""A writer's language follows them into the e-mails sent outside a page: the one they signed
up or signed in with, or last chose with the switcher."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import SavedProfile, User
from moderation.services import decide
from tests.factories import PublicProfileFactory, WriterFactory

pytestmark = pytest.mark.django_db
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_signing_up_in_spanish_keeps_spanish_on_the_account(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Rosa",
            "email": "rosa@example.com",
            "password1": "a long Spanish passphrase 41",
            "password2": "a long Spanish passphrase 41",
            "date_of_birth": "1980-05-02",
            "accept_guidelines": "on",
        },
        **SPANISH,
    )

    assert response.status_code == 302
    assert User.objects.get(email="rosa@example.com").language == "es"


def test_signing_in_and_switching_update_the_accounts_language(client, writer):
    assert writer.language == ""
    response = client.post(
        reverse("account_login"),
        {"login": writer.email, "password": "correct horse battery staple"},
        **SPANISH,
    )
    assert response.status_code == 302
    writer.refresh_from_db()
    assert writer.language == "es"

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    writer.refresh_from_db()
    assert writer.language == "en"


def test_switching_when_signed_out_writes_to_no_account(client, writer):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})

    assert response.status_code == 302
    assert User.objects.filter(language="es").count() == 0


def test_writers_hear_of_a_release_each_in_their_own_language(client):
    profile = PublicProfileFactory(first_name="Marcus", last_name="Ellington", preferred_name="")
    for email, language in [("ana@example.com", "es"), ("bob@example.com", "en")]:
        SavedProfile.objects.create(
            user=WriterFactory(email=email, language=language), profile=profile
        )

    decide(profile, "mark_released")

    sent = {message.to[0]: message for message in mail.outbox if "Marcus" in message.subject}
    assert sent["ana@example.com"].subject.startswith("Penpals: Novedades sobre Marcus")
    assert "has been released" not in sent["ana@example.com"].body
    assert (
        sent["bob@example.com"].subject == "Penpals: Update about Marcus, whom you saved on Penpals"
    )
