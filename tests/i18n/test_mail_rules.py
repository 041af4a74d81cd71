"""The mail rules read as Spanish sentences on Spanish pages; the prison system's own words
(card rules, the number's label) are quoted as written."""

import pytest
from django.utils import translation

from tests.factories import MailPolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return MailPolicyFactory(
        return_address_full_name_required=True,
        allowed_envelope_colors=["white"],
        max_paper_size="8.5x11",
        allowed_paper_colors=["white"],
        allowed_ink=["blue", "black"],
        max_pages=5,
        max_photos=5,
        max_photo_size="4x6",
        allows_polaroids=False,
        card_rules="No musical cards.",
        prohibited_items=["stickers", "cash", "glitter"],
    )


def test_the_rules_in_english_are_unchanged(policy):
    rules = policy.plain_rules()

    assert "Envelopes: white only." in rules
    assert "Paper: white 8½×11 inch paper only." in rules
    assert "Write in blue ink or black ink." in rules
    assert "At most 5 4×6 photos per envelope." in rules
    assert "Never include stickers, cash or checks or glitter." in rules


def test_the_rules_in_spanish_agree_and_quote_the_prison_system(policy):
    with translation.override("es"):
        rules = policy.plain_rules()

    assert "Sobres: solo blancos." in rules
    assert "Papel: solo papel blanco de 8½×11 pulgadas." in rules
    assert "Escriba con tinta azul o tinta negra." in rules
    assert "Como máximo 5 fotos de 4×6 por sobre." in rules
    assert "No incluya nunca calcomanías, dinero en efectivo o cheques o brillantina." in rules
    assert "Tarjetas: No musical cards." in rules  # the prison system's words, as written
