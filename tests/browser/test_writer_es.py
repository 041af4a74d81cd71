"""A writer who chose Spanish, in a real browser: sign in, find a person, draft a letter, get a
rule warning and print it, all in Spanish (issue 17, part B)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import ReturnAddress
from letters.models import Letter
from tests.browser.conftest import foreign_requests
from tests.factories import PASSWORD, WriterFactory
from tests.i18n.catalogues import spanish_catalogues
from tests.letters.fixtures import pa_facility, pa_person

# Imported fixtures, used by name below.
__all__ = ["pa_facility", "pa_person", "spanish_catalogues"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("spanish_catalogues"),
]

LETTER = "Querido John: hoy el río venía crecido. ¿Te puedo mandar una gift card?"


@pytest.fixture
def lucia(db):
    writer = WriterFactory(email="lucia@example.com", display_name="Lucía")
    ReturnAddress.objects.create(
        user=writer,
        first_name="Lucía",
        last_name="Ramírez",
        street="PO Box 4417",
        city="Dayton",
        state="OH",
        zip_code="45401",
    )
    return writer


@pytest.fixture
def spanish_page(page, live_server):
    """A browser whose writer chose Spanish: the language cookie, as the switcher sets it."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
    )
    return page


def test_a_spanish_writer_signs_in_drafts_is_warned_and_prints(spanish_page, lucia, pa_person):
    page = spanish_page
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    # Signing in, in Spanish.
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    page.get_by_label("Correo electrónico").fill(lucia.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(re.compile(r"/$|/profiles/"))

    # Finding John in the directory and starting a letter.
    page.goto("/profiles/")
    page.get_by_role("link", name=re.compile("John")).first.click()
    page.locator("a[href^='/letters/new/']").click()
    expect(page.get_by_role("heading", name="Escribir a John Doe")).to_be_visible()
    page.get_by_role("button", name="Empezar una carta").click()
    expect(page.get_by_role("heading", name="Carta a John Doe")).to_be_visible()

    # Drafting: the editor's script speaks Spanish (the JavaScript catalogue), and so do the
    # rule check and the safety warning that come back with each autosave.
    body = page.locator("textarea[name=body]")
    body.press_sequentially(LETTER)
    status = page.locator("#letter-save-status")
    expect(status).to_have_text("Todavía sin guardar")
    # The time in the page's format for Spanish ("23:02" or "11:02 p.m.").
    expect(status).to_have_text(re.compile(r"^Guardada hoy a las \d{1,2}:\d{2}( [ap]\.\s?m\.)?$"))
    verdict = page.locator("#letter-verdict")
    expect(verdict.locator("[data-code=money]")).to_contain_text(
        "Seguridad: Su carta habla de enviar o mover dinero."
    )
    # SCI Albion's prohibited items must be confirmed before printing.
    expect(verdict.locator("[data-code=checklist]")).to_contain_text("Confirme que sus sobres")
    page.get_by_label("Nada de esto irá en mis sobres a SCI Albion").check()
    expect(verdict.get_by_text("Lista para imprimir.")).to_be_visible()
    expect(verdict.locator("[data-code=money]")).to_be_visible()  # a warning never blocks

    letter = Letter.objects.get(writer=lucia)
    assert letter.profile == pa_person
    assert letter.body == LETTER
    assert letter.status == Letter.Status.DRAFT

    # Printing: the guide text is Spanish; the letter, the names, the number and the envelope's
    # postal lines are exactly as written.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar el PDF para imprimir").click()
    pdf = PdfReader(download_info.value.path())
    first, envelope = pdf.pages[0].extract_text(), pdf.pages[-1].extract_text()
    assert "hoy el río venía crecido" in first
    assert "Página 1 de 1" in first
    assert "Para John Doe" in first
    assert "AB1234" in first
    assert "Sobre (n.º 10" in envelope
    assert "JOHN DOE/AB1234" in envelope
    assert "Smart Communications/PA DOC" in envelope
    assert "Lucía Ramírez" in envelope

    # The catalogue came from this site; nothing was fetched from anywhere else.
    assert any(url.endswith("/jsi18n/") for url in page.requested_urls)
    assert foreign_requests(page.requested_urls) == []
    # ... and the Content-Security-Policy refused nothing on the way.
    assert console_errors == []
