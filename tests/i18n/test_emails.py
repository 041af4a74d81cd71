"""E-mails to a family are written in the language of the page they submitted from, whoever
sends them and in whatever language that person reads the site."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from moderation import lifecycle
from moderation.services import decide
from profiles.models import Profile
from tests.factories import FacilityFactory, ProfileFactory, approve
from tests.profiles.submission import submission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _humans_are_not_that_slow(settings):
    settings.PENPALS_SUBMIT_MIN_SECONDS = 0


def test_a_family_who_submits_in_spanish_is_written_to_in_spanish(shipped_policies):
    facility = FacilityFactory(jurisdiction__code="US-NY", jurisdiction__state="NY")
    client = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")

    response = client.post("/profiles/submit/", submission(facility, inmate_number="12A3456"))

    assert response.status_code == 302
    profile = Profile.objects.get()
    assert profile.submitter_language == "es"
    [message] = mail.outbox
    assert message.subject == "Penpals: Su ficha de Marcus Holloway"
    assert "Gracias por inscribir a Marcus Holloway en Penpals." in message.body
    assert profile.get_status_url() in message.body
    html = message.alternatives[0][0]
    assert '<html lang="es">' in html and "No comparta este enlace" in html


def test_the_decision_goes_out_in_the_submitters_language_not_the_moderators(staff):
    profile = ProfileFactory(first_name="Marcus", last_name="Holloway", submitter_language="es")

    with translation.override("en"):  # the moderator reads the admin in English
        approve(profile, staff)

    [message] = mail.outbox
    assert message.subject == "Penpals: Su ficha está publicada"
    assert "Le escribimos sobre la ficha de Marcus Holloway en Penpals." in message.body
    profile.refresh_from_db()
    # The date reads as Spanish speakers write it.
    months = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    months += "diciembre"
    month = months.split()[profile.expires_at.month - 1]
    assert f"de {month} de {profile.expires_at.year}" in message.body
    assert "Your listing" not in message.body + message.alternatives[0][0]


def test_an_english_family_gets_english_even_from_a_spanish_speaking_moderator(staff):
    profile = ProfileFactory(first_name="Marcus", last_name="Holloway", submitter_language="en")

    with translation.override("es"):
        decide(profile, "request_changes", by=staff, note="Añada una foto más reciente.")

    [message] = mail.outbox
    assert message.subject == "Penpals: Changes are needed before your listing can be published"
    assert "Staff need a few changes" in message.body
    # What staff wrote is quoted as written, never translated.
    assert "Añada una foto más reciente." in message.body


def test_the_renewal_reminder_from_the_daily_job_is_in_the_familys_language(settings):
    settings.PENPALS_LISTING_DURATION_DAYS = 365
    profile = ProfileFactory(
        status="approved",
        submitter_language="es",
        verified_at=timezone.now(),
        published_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=10),
    )

    lifecycle.run()

    [message] = [m for m in mail.outbox if profile.submitter_email in m.to]
    assert (
        message.subject
        == "Penpals: Su ficha vence pronto: renuévela para que siga en el directorio"
    )
    assert "Renovar la ficha" in message.alternatives[0][0]


def test_the_sites_own_notes_reach_a_spanish_family_in_spanish_and_staffs_as_written(settings):
    profile = ProfileFactory(
        status="approved",
        submitter_language="es",
        release_date=timezone.localdate() - timedelta(days=30),
        release_date_kind="earliest",
        verified_at=timezone.now(),
        published_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=300),
    )

    lifecycle.run()  # hidden: the projected release date has passed

    [message] = [m for m in mail.outbox if profile.submitter_email in m.to]
    assert "Nota del equipo: La fecha prevista de salida (" in message.body
    assert "has passed" not in message.body
    page = Client(HTTP_ACCEPT_LANGUAGE="es").get(profile.get_status_url()).content.decode()
    assert "La fecha prevista de salida (" in page
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(profile.get_status_url()).content.decode()
    assert "The projected release date (" in english
