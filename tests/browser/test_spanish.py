"""A family who reads Spanish: they switch the site to Spanish with the header's switcher,
list a loved one entirely in Spanish (the error messages too), and are written to in Spanish.
At a laptop's and a phone's width; every test checks the page and the database."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from profiles.models import Profile
from tests.browser.conftest import axe_violations, foreign_requests
from tests.factories import FacilityFactory, JurisdictionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIO = (
    "Me gusta dibujar retratos y leo todo lo que encuentro sobre astronomía. Me encantaría "
    "saber cómo es el cielo donde usted vive."
)
# English that must not be left on the Spanish pages (each is on the English ones).
ENGLISH = [
    "List a loved one", "Their consent", "Send for review", "There is a problem",
    "Write at least 80 characters", "Enter your e-mail address", "Thank you: we received",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _humans_are_not_that_slow(settings):
    settings.PENPALS_SUBMIT_MIN_SECONDS = 0


@pytest.fixture
def attica():
    new_york = JurisdictionFactory(code="US-NY", name="New York DOCCS", state="NY")
    return FacilityFactory(
        jurisdiction=new_york, name="Attica Correctional Facility", physical_city="ATTICA"
    )


def press(page, locator):
    if getattr(page, "width", 1280) < 500:
        locator.tap()
    else:
        locator.click()


def no_english_left(page):
    text = page.locator("body").inner_text()
    assert [phrase for phrase in ENGLISH if phrase in text] == []


def test_a_family_switches_to_spanish_and_lists_a_loved_one_in_spanish(any_width_page, attica):
    page = any_width_page
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The switcher sits in the header, outside the phone's menu: one tap, no JavaScript needed.
    press(page, page.locator("header").get_by_role("button", name="Español"))

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Escriba a alguien en prisión, y que su carta llegue."
    )
    press(page, page.locator("main").get_by_role("link", name="Inscribir a un ser querido"))
    press(page, page.get_by_role("link", name="Empezar el formulario"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # Longer Spanish words still fit: nothing wider than the screen, the header included.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    expect(page.locator("header").get_by_role("button", name="English")).to_be_in_viewport()
    assert axe_violations(page) == []

    page.get_by_label("La persona pidió aparecer en el directorio").check()
    box = page.get_by_role("combobox", name=re.compile("Prisión"))
    box.fill("attica")
    option = page.get_by_role("option", name=re.compile("Attica Correctional Facility"))
    press(page, option)
    page.get_by_label("Su número de identificación en la prisión").fill("12A3456")
    page.get_by_label("Nombre, tal como figura en el registro de la prisión").fill("Marcos")
    page.get_by_label("Apellidos, tal como figuran en el registro de la prisión").fill("Olmedo")
    page.get_by_label("Fecha de nacimiento").fill("1980-04-02")
    page.get_by_role("combobox", name="Género", exact=True).select_option("man")
    page.get_by_label("Sobre la persona, en sus propias palabras").fill("Demasiado corto.")
    page.get_by_label("Amistad").check()
    page.get_by_label("Español", exact=True).check()
    page.get_by_label("Su nombre").fill("Dolores Olmedo")
    page.get_by_label("Qué relación tiene con la persona").fill("madre")
    # The e-mail address is left out: two mistakes, both explained in Spanish.
    page.get_by_role("button", name="Enviar a revisión").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Hay un problema")
    expect(summary).to_contain_text(
        "Escriba al menos 80 caracteres sobre la persona (ahora hay 16)."
    )
    expect(summary).to_contain_text("Escriba su correo electrónico, para que podamos enviarle")
    expect(page.get_by_label("Nombre, tal como figura en el registro de la prisión")).to_have_value(
        "Marcos"
    )
    no_english_left(page)
    assert Profile.objects.count() == 0

    page.get_by_label("Sobre la persona, en sus propias palabras").fill(BIO)
    page.get_by_label("Su correo electrónico").fill("dolores@example.com")
    page.get_by_role("button", name="Enviar a revisión").click()

    expect(page.get_by_role("heading", name="Gracias: hemos recibido la ficha")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    no_english_left(page)
    profile = Profile.objects.get()
    assert page.url.endswith(profile.get_status_url())
    assert (profile.first_name, profile.last_name, profile.bio) == ("Marcos", "Olmedo", BIO)
    assert profile.facility == attica and profile.inmate_number == "12A3456"
    assert profile.languages == ["spanish"]
    assert profile.submitter_language == "es"
    [message] = mail.outbox
    assert message.subject == "Penpals: Su ficha de Marcos Olmedo"
    assert foreign_requests(page.requested_urls) == []


def test_the_choice_is_remembered_and_the_footer_switches_back(page):
    page.goto("/about/")
    page.locator("footer").get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sobre Penpals")

    page.goto("/safety/")  # a later page, with the browser still asking for English
    expect(page.get_by_role("heading", level=1)).to_have_text("Consejos de seguridad")

    page.locator("footer").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety guidance")
    assert page.url.endswith("/safety/")


def test_the_switcher_works_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/profiles/")

    page.locator("header").get_by_role("button", name="Español").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Personas a quienes les gustaría recibir cartas"
    )
