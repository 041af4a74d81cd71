"""The printed letter: real text on US Letter pages, the header on every page, exact envelopes."""

import io

import pytest
from pypdf import PdfReader

from letters.models import Letter, ProhibitedItemsConfirmation
from letters.pdf import render_letter_pdf
from letters.rules import estimate_pages
from moderation.services import decide

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "Today I walked along the river and thought about the books you mentioned. The library "
    "had two of them, so I am reading the first one slowly, a chapter each evening, and I "
    "keep a list of questions for you as I go."
)


def long_body(paragraphs):
    return "Dear friend,\n\n" + "\n\n".join([PARAGRAPH] * paragraphs) + "\n\nWarmly,\nAlice"


def printed(letter):
    data, _ = render_letter_pdf(letter)
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def test_weasyprint_finds_the_pango_libraries():
    try:
        import weasyprint

        weasyprint.HTML(string="<p>ok</p>").write_pdf()
    except OSError as error:  # pragma: no cover - only on a machine without Pango
        pytest.fail(
            "WeasyPrint cannot load Pango. Install: apt-get install -y libpango-1.0-0 "
            f"libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation ({error})"
        )


def test_the_letter_is_set_in_liberation_serif_as_the_page_estimate_assumes(pa_letter):
    reader, _ = printed(pa_letter)

    fonts = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any(name.endswith("+Liberation-Serif") for name in fonts), (
        f"The letter font is missing (found {fonts}): apt-get install -y fonts-liberation"
    )


def test_the_pdf_view_returns_a_pdf_attachment(client_alice, pa_letter):
    response = client_alice.get(f"/letters/{pa_letter.pk}/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="penpals-letter-{pa_letter.pk}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_a_three_page_letter_has_the_name_and_number_and_page_n_of_m_on_every_page(pa_letter):
    pa_letter.body = long_body(22)
    pa_letter.save()

    reader, texts = printed(pa_letter)

    *letter_pages, envelope = texts
    assert len(letter_pages) == 3
    for number, text in enumerate(letter_pages, start=1):
        assert "To John Doe, Inmate Number AB1234" in text
        assert f"Page {number} of 3" in text
    assert "Today I walked along the river" in letter_pages[2]


def test_every_page_is_us_letter_size_and_the_envelope_page_is_landscape(pa_letter):
    reader, _ = printed(pa_letter)

    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    assert sizes == [(612, 792), (792, 612)]  # 8.5 x 11 inches, in points


def test_the_return_address_is_on_the_first_page_only(pa_letter):
    pa_letter.body = long_body(10)
    pa_letter.save()

    _, texts = printed(pa_letter)

    assert "P.O. Box 123" in texts[0]
    assert "Springfield, IL 62701" in texts[0]
    assert "P.O. Box 123" not in texts[1]


def envelope_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_pennsylvania_envelope_has_the_exact_smart_communications_lines(pa_letter):
    _, texts = printed(pa_letter)

    lines = envelope_lines(texts[-1])
    mailing = [
        "Smart Communications/PA DOC",
        "JOHN DOE/AB1234",
        "SCI Albion",
        "PO Box 33028",
        "St. Petersburg, FL 33733",
    ]
    start = lines.index(mailing[0])
    assert lines[start : start + len(mailing)] == mailing
    start = lines.index("Alice Walker")
    assert lines[start : start + 3] == ["Alice Walker", "P.O. Box 123", "Springfield, IL 62701"]


def test_bop_envelope_has_the_register_number_and_the_inmate_mail_po_box(
    alice, alice_address, bop_person
):
    letter = Letter.objects.create(writer=alice, profile=bop_person, body="Dear Maria,\n\nHello.")

    _, texts = printed(letter)

    lines = envelope_lines(texts[-1])
    mailing = [
        "MARIA LOPEZ, Reg. No. 12345-678",
        "FCI Aliceville",
        "P.O. BOX 4000",
        "ALICEVILLE, AL 35442",
    ]
    start = lines.index(mailing[0])
    assert lines[start : start + len(mailing)] == mailing
    assert "To Maria Lopez, Register No. 12345-678" in texts[0]


@pytest.mark.parametrize("paragraphs", [3, 12, 22, 31])
def test_the_page_estimate_matches_the_printed_pages(pa_letter, paragraphs):
    pa_letter.body = long_body(paragraphs)
    pa_letter.save()

    data, counted = render_letter_pdf(pa_letter)
    printed_pages = len(PdfReader(io.BytesIO(data)).pages) - 1  # less the envelope page

    assert estimate_pages(pa_letter.body) == printed_pages == counted


def test_a_letter_that_breaks_the_rules_gets_a_page_saying_what_to_fix(client_alice, pa_letter):
    ProhibitedItemsConfirmation.objects.all().delete()

    response = client_alice.get(f"/letters/{pa_letter.pk}/pdf")

    assert response.status_code == 409
    assert "Confirm that your envelopes to this facility hold none of these" in (
        response.content.decode()
    )


def test_a_letter_to_a_person_no_longer_listed_is_not_printed(client_alice, pa_letter):
    decide(pa_letter.profile, "mark_released")

    response = client_alice.get(f"/letters/{pa_letter.pk}/pdf")

    assert response.status_code == 409
    assert "PO Box 33028" not in response.content.decode()
    assert "no longer listed" in response.content.decode()


def test_the_real_page_count_decides_before_printing(client_alice, pa_letter, monkeypatch):
    # The live estimate can be off near a page break; the printed pages are what count.
    from facilities.models import MailPolicy

    MailPolicy.objects.filter(jurisdiction__code="US-PA").update(max_pages=2)
    pa_letter.body = long_body(22)
    pa_letter.save()
    monkeypatch.setattr("letters.rules.estimate_pages", lambda body: 1)

    response = client_alice.get(f"/letters/{pa_letter.pk}/pdf")

    assert response.status_code == 409
    assert "about 3 pages" in response.content.decode()
