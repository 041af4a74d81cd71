"""Every public page, asked for in Spanish, is in Spanish: the page says lang="es" and none of
the English sentences of the same page is left. Each phrase is first found on the English page,
so a phrase that changed there cannot make this test pass by being absent everywhere."""

from io import BytesIO

import pytest
from django.test import Client
from pypdf import PdfReader

from tests.factories import ProfileFactory, PublicProfileFactory

pytestmark = pytest.mark.django_db

# On every page: the header and the footer.
LAYOUT = ["Browse profiles", "List a loved one", "Safety guidance", "Never send money to anyone"]

PAGES = {
    "home": ("/", ["Write to someone in prison", "Every listing is checked", "Safe for everyone"]),
    "about": ("/about/", ["About Penpals", "Where the addresses come from"]),
    "privacy": ("/privacy/", ["keeps as little as it can", "Families and listed people"]),
    "safety": ("/safety/", ["Protect your address", "Follow the facility's mail rules"]),
    "directory": ("/profiles/", ["People who would like letters", "Show profiles", "Any state"]),
    "profile": (
        "{profile}",
        ["Mailing address", "In their words", "Report this profile", "Write a letter"],
    ),
    "report": ("{profile}report/", ["Tell Penpals staff what is wrong", "Send the report"]),
    "submit start": (
        "/profiles/list-a-loved-one/",
        ["Who can be listed", "What happens next", "Start the form"],
    ),
    "submit form": (
        "/profiles/submit/",
        ["Their consent", "Where they are held", "First name, as on the prison", "Send for review"],
    ),
    "status": ("{status}", ["Listing for", "History", "Take the listing down"]),
    "status edit": ("{status}edit/", ["Edit the listing for", "Save and send for review"]),
    "status transfer": ("{status}transfer/", ["Report the transfer", "Prisons do not forward"]),
    "status withdraw": ("{status}withdraw/", ["Withdrawing is for good", "Keep the listing"]),
    "facilities": ("/facilities/", ["Every open state and federal prison"]),
    "facility": ("{facility}", ["Where to send mail"]),
    "guidelines": ("/guidelines/", ["Every writer agrees to these"]),
    "sign in": ("/accounts/login/", ["New to Penpals?"]),
    "sign up": ("/accounts/signup/", ["Writers are adults who write letters"]),
    "not found": ("/no-such-page/", ["We couldn't find that page"]),
}


@pytest.fixture
def urls(shipped_policies):
    profile = PublicProfileFactory(first_name="Marcus", last_name="Holloway", preferred_name="")
    return {
        "profile": profile.get_absolute_url(),
        "status": profile.get_status_url(),
        "facility": profile.facility.get_absolute_url(),
    }


def page_text(url, language):
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(url)
    assert response.status_code in (200, 404), f"{url} answered {response.status_code}"
    return response.content.decode()


def check(url, phrases):
    english, spanish = page_text(url, "en"), page_text(url, "es")
    phrases = [*LAYOUT, *phrases]

    assert '<html lang="en">' in english
    assert '<html lang="es">' in spanish
    assert [p for p in phrases if p not in english] == [], "the phrase list is out of date"
    assert [p for p in phrases if p in spanish] == []


@pytest.mark.parametrize("name", PAGES)
def test_a_public_page_asked_for_in_spanish_is_in_spanish(urls, name):
    url, phrases = PAGES[name]

    check(url.format(**urls), phrases)


def test_the_admin_stays_in_english_for_staff_whose_browser_asks_for_spanish(staff):
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert '<html lang="en' in response.content.decode()
    assert "Cerrar sesión" not in response.content.decode()


def test_the_consent_form_prints_in_spanish_with_names_numbers_and_address_as_written(settings):
    settings.PENPALS_POSTAL_ADDRESS = "Penpals|P.O. Box 41|Chicago, IL 60690"
    profile = ProfileFactory(first_name="Marcos", last_name="Olmedo", inmate_number="A123456")

    response = Client(HTTP_ACCEPT_LANGUAGE="es").get(f"{profile.get_status_url()}consent-form.pdf")

    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Consentimiento para aparecer en Penpals" in text
    assert "Acepto aparecer en Penpals" in text
    for as_written in ("Marcos Olmedo", "A123456", profile.consent_code, "P.O. Box 41"):
        assert as_written in text
    assert "I agree to be listed" not in text
    assert len(reader.pages) == 1  # still one page, in longer Spanish
