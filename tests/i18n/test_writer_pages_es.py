"""A writer who chose Spanish reads the writers' side in Spanish (issue 17, part B).

Each page is read twice: in English, to prove that the English phrases listed for it are really
on it, then in Spanish, where none of them may be left. What the writer typed, names, numbers
and mailing addresses stay as they are.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import SavedProfile
from letters.models import Letter
from letters.rules import check_letter
from tests.factories import (
    FacilityFactory,
    JurisdictionFactory,
    PublicProfileFactory,
    WriterFactory,
)
from tests.i18n.catalogues import spanish_catalogues
from tests.letters.fixtures import alice_address, pa_facility, pa_letter, pa_person

# Imported fixtures, used by name below.
__all__ = ["alice_address", "pa_facility", "pa_letter", "pa_person", "spanish_catalogues"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("spanish_catalogues")]

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}

# <html lang> is written by base.html (part A of the issue). Until it follows the language, the
# response's Content-Language and the phrases say which language the page is in.
BASE_TEMPLATE = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
BASE_FOLLOWS_LANGUAGE = '<html lang="en">' not in BASE_TEMPLATE


@pytest.fixture
def writer(client, alice, alice_address, pa_letter):
    """Alice, signed in, with a draft to John Doe at SCI Albion and his profile saved."""
    SavedProfile.objects.create(user=alice, profile=pa_letter.profile)
    client.force_login(alice)
    return client


def read(client, url, headers):
    response = client.get(url, **headers)
    assert response.status_code in (200, 409), (url, response.status_code)
    return response, response.content.decode()


def assert_in_spanish(client, url, english_phrases, spanish_phrases):
    response, english = read(client, url, ENGLISH)
    for phrase in english_phrases:
        assert phrase in english, f"{url}: {phrase!r} is not on the English page"
    response, spanish = read(client, url, SPANISH)
    assert response["Content-Language"] == "es"
    if BASE_FOLLOWS_LANGUAGE:
        assert '<html lang="es"' in spanish
    left = [phrase for phrase in english_phrases if phrase in spanish]
    assert not left, f"{url}: English left on the Spanish page: {left}"
    for phrase in spanish_phrases:
        assert phrase in spanish, f"{url}: {phrase!r} is not on the Spanish page"
    return spanish


def test_account_page(writer):
    assert_in_spanish(
        writer,
        reverse("accounts:profile"),
        [
            ">My account</h1>",  # the navigation bar belongs to base.html
            "Your name and time zone",
            "Prisons refuse letters without a full return address",
            "Prefer a P.O. box.",
            "Save return address",
            "Full first name",
            "Download my data (JSON)",
            "Delete my account",
            "Signing in",
        ],
        ["Mi cuenta", "Su dirección de remitente", "Guardar la dirección de remitente"],
    )


def test_saved_profiles_page(writer, pa_person):
    page = assert_in_spanish(
        writer,
        reverse("accounts:saved"),
        ["Saved profiles", "People you saved stay on this list", "Remove"],
        ["Fichas guardadas", "Quitar"],
    )
    # Names are not translated.
    assert "John" in page


def test_letters_list(writer):
    assert_in_spanish(
        writer,
        reverse("letters:list"),
        [">My letters</h1>", "Correspondence log", "Last changed today at", "Never send money."],
        ["Mis cartas", "Registro de correspondencia", "Último cambio: hoy a las", "Borrador"],
    )


def test_letter_editor_keeps_the_text_names_and_envelope_as_they_are(writer, pa_letter):
    page = assert_in_spanish(
        writer,
        pa_letter.get_absolute_url(),
        [
            "Letter to John",
            "All my letters",
            "In the envelope with the letter",
            "Mail rules check",
            "Ready to print.",
            "Print and mail",
            "Download the PDF to print",
            "Mark as sent",
            "Date mailed",
            "Greeting cards",
            "Return address (yours, printed only on your letters):",
            "Ideas for a first letter",
            "Introduce yourself",
        ],
        ["Carta a John", "Lista para imprimir.", "Descargar el PDF para imprimir", "Preséntese"],
    )
    # The writer's text, the person's name and number and the postal lines are not translated.
    assert "I hope this letter finds you well." in page
    assert "AB1234" in page
    assert 'data-testid="envelope-from">Alice Walker\nP.O. Box' in page


def test_new_letter_page(writer, pa_person):
    assert_in_spanish(
        writer,
        f"{reverse('letters:new')}?to={pa_person.public_id}",
        ["Write to John", "letter in progress to", "Start a new letter"],
        ["Escribir a John", "Ya tiene 1 carta en curso para John", "Empezar una carta nueva"],
    )


def test_pdf_page_that_is_not_ready_says_what_to_fix_in_spanish(writer, pa_letter):
    pa_letter.body = ""
    pa_letter.save()
    assert_in_spanish(
        writer,
        reverse("letters:pdf", args=[pa_letter.pk]),
        [
            "This letter is not ready to print yet",
            "Before you print, fix:",
            "The letter has no text yet.",
            "Back to the letter",
        ],
        ["todavía no está lista para imprimir", "La carta todavía no tiene texto."],
    )


def test_settings_pages(writer):
    for url, english, spanish in [
        (
            reverse("account_email"),
            ["Your e-mail address", "You sign in with this address", "Back to my account"],
            ["Su correo electrónico"],
        ),
        (
            reverse("account_change_password"),
            ["Change your password", "Current password", "New password again"],
            ["Cambie su contraseña", "Contraseña actual"],
        ),
    ]:
        assert_in_spanish(writer, url, english, spanish)


def test_delete_account_page(writer):
    assert_in_spanish(
        writer,
        reverse("accounts:delete"),
        ["This deletes, for good", "Your password", "I understand that this deletes my account"],
        ["Eliminar mi cuenta", "Conservar mi cuenta"],
    )


def test_deleted_account_summary_names_each_kind_in_spanish(writer):
    response = writer.post(
        reverse("accounts:delete"),
        {"password": "correct horse battery staple", "confirm": "on"},
        **SPANISH,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Su cuenta se ha eliminado" in page
    assert "Cartas: 1" in page
    assert "Fichas guardadas: 1" in page
    assert "Letters:" not in page


def test_data_export_stays_a_machine_readable_file(writer):
    # The export is data, not a page: its keys are the same in every language.
    response = writer.get(reverse("accounts:export"), **SPANISH)

    data = json.loads(response.content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(data) >= {"account", "return_address", "saved_profiles", "letters"}


def test_facility_pages(writer, pa_facility):
    assert_in_spanish(
        writer,
        f"{reverse('facilities:list')}?q=Albion",
        ["Every open state and federal prison", "Name, city or state", "facility matching"],
        ["Prisiones", "Nombre, ciudad o estado", "1 prisión que coincide con «Albion»"],
    )
    page = assert_in_spanish(
        writer,
        pa_facility.get_absolute_url(),
        [
            "Where to send mail",
            "Mail rules",
            "Check before you send",
            "Rules last verified",
            "Personal mail does not go to the prison",
            "Never include",
        ],
        ["Adónde enviar el correo", "Reglas de correo", "no va a la prisión", "No incluya nunca"],
    )
    # The mailing address is written in postal format, untranslated.
    assert "Smart Communications" in page


def test_rule_checks_and_safety_warnings_come_back_in_spanish(alice, pa_letter):
    pa_letter.body = "Could you send a gift card? Call 555-123-4567."
    alice.return_address.delete()
    alice.refresh_from_db()

    with translation.override("es"):
        verdict = check_letter(pa_letter)
        messages = {f.code: f.message for f in verdict.problems + verdict.warnings}

    assert messages["money"].startswith("Su carta habla de enviar o mover dinero.")
    assert messages["phone_number"].startswith("Su carta contiene un número de teléfono")
    assert messages["return_address_missing"].startswith("Añada su dirección de remitente")
    assert all(" the " not in message for message in messages.values())


def test_autosave_answers_in_spanish(writer, pa_letter):
    response = writer.post(
        reverse("letters:autosave", args=[pa_letter.pk]),
        {"body": "Can you buy a gift card for me?", "version": pa_letter.version},
        **SPANISH,
    )

    data = response.json()
    assert response.status_code == 200
    assert data["saved_text"].startswith("Guardada hoy a las ")
    assert "Seguridad:" in data["verdict_html"]
    assert "Nunca envíe dinero, tarjetas regalo" in data["verdict_html"]
    assert "Never send money" not in data["verdict_html"]
    assert Letter.objects.get(pk=pa_letter.pk).body == "Can you buy a gift card for me?"


def test_a_too_long_letter_is_refused_in_spanish(writer, pa_letter):
    response = writer.post(
        reverse("letters:autosave", args=[pa_letter.pk]),
        {"body": "x" * 60_001, "version": pa_letter.version},
        **SPANISH,
    )

    assert response.status_code == 400
    assert "Divídala en dos cartas" in response.json()["error"]


def test_the_language_cookie_chooses_spanish_too(writer, pa_letter):
    writer.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    response = writer.get(pa_letter.get_absolute_url())

    assert response["Content-Language"] == "es"
    assert "Carta a John" in response.content.decode()


def test_javascript_catalogue_is_served_by_the_site_in_spanish(client, writer, pa_letter):
    response = client.get(reverse("javascript-catalog"), **SPANISH)
    catalogue = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert '"a moment ago": "hace un momento"' in catalogue
    assert '"Not saved yet": "Todav\\u00eda sin guardar"' in catalogue
    assert "hace %(count)s minutos" in catalogue

    # The editor loads it from this site, before its own script, and the CSP still allows it.
    editor = writer.get(pa_letter.get_absolute_url(), **SPANISH)
    page = editor.content.decode()
    catalogue_at = page.index('<script src="/jsi18n/"')
    assert catalogue_at < page.index("js/letter-editor.js")
    assert "script-src 'self'" in editor["Content-Security-Policy"]
    # English pages do without it: the scripts' own text is English.
    english = writer.get(pa_letter.get_absolute_url(), **ENGLISH).content.decode()
    assert "/jsi18n/" not in english and "js/letter-editor.js" in english


def test_javascript_catalogue_in_english_has_no_translations(client):
    response = client.get(reverse("javascript-catalog"), **ENGLISH)

    assert response.status_code == 200
    assert "hace un momento" not in response.content.decode()


def test_counts_colours_and_the_agencys_words_in_spanish_rule_checks(alice, pa_letter):
    jurisdiction = JurisdictionFactory(
        policy={
            "allowed_paper_colors": ["white"],
            "allowed_ink": ["blue", "black"],
            "max_photos": 2,
            "allows_cards": False,
            "card_rules": "Only plain cards without glitter.",
        }
    )
    person = PublicProfileFactory(facility=FacilityFactory(jurisdiction=jurisdiction))
    letter = Letter.objects.create(
        writer=alice, profile=person, body="Hola.", photo_count=3, card_count=1
    )

    with translation.override("es"):
        verdict = check_letter(letter)
    problems = {f.code: f.message for f in verdict.problems}

    assert problems["too_many_photos"] == (
        "Piensa incluir 3 fotos; la prisión acepta como máximo 2 por sobre."
    )
    # The agency's own rule is quoted as it is, after the Spanish sentence.
    assert problems["cards"] == (
        "Esta prisión no acepta tarjetas de felicitación por correo. "
        "Only plain cards without glitter."
    )
    assert "Imprima en papel blanco de 8,5 x 11 pulgadas (tamaño carta)." in verdict.reminders
    assert "Lo que añada a mano: solo tinta azul o tinta negra." in verdict.reminders


def test_account_e_mails_follow_the_language_of_the_page_that_sent_them(client, mailoutbox):
    WriterFactory(email="lucia@example.com")

    response = client.post(
        reverse("account_reset_password"), {"email": "lucia@example.com"}, **SPANISH
    )

    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.subject.endswith("Restablezca su contraseña")
    assert message.body.startswith("Hola, le escribimos desde Penpals:")
    assert "Para elegir una contraseña nueva, abra este enlace" in message.body
    assert "/accounts/password/reset/key/" in message.body
    assert "Someone" not in message.body
