"""Two tabs changed one letter: the server merges against their last common text, and the
writer chooses only where both changed the same paragraph (with or without JavaScript)."""

import pytest

from letters.models import LetterRevision

pytestmark = pytest.mark.django_db

OPENING = "Dear John,\n\nI hope this letter finds you well."


def autosave(client, letter, body, version):
    return client.post(f"/letters/{letter.pk}/autosave", {"body": body, "version": version})


@pytest.fixture
def two_tabs(client_alice, pa_letter):
    """Both tabs opened the editor at version 1; the first saved a new ending (version 2), the
    second saved another one from version 1 and was refused."""
    client_alice.get(pa_letter.get_absolute_url())
    client_alice.get(pa_letter.get_absolute_url())
    autosave(client_alice, pa_letter, f"{OPENING}\n\nThe garden is in bloom.", 1)
    response = autosave(client_alice, pa_letter, f"{OPENING}\n\nI joined a library.", 1)
    assert response.status_code == 409
    refused = pa_letter.revisions.get(reason=LetterRevision.Reason.REFUSED)
    return response, refused


def test_the_panel_shows_only_the_paragraphs_that_differ(two_tabs):
    response, _ = two_tabs

    panel = response.json()["conflict_html"]
    assert "The garden is in bloom." in panel
    assert "I joined a library." in panel
    assert "I hope this letter finds you well." not in panel
    assert "the 2 paragraphs they share are kept once" in panel


def test_keeping_both_endings_keeps_the_shared_opening_once(client_alice, pa_letter, two_tabs):
    _, refused = two_tabs

    response = client_alice.post(
        f"/letters/{pa_letter.pk}/revisions/{refused.pk}/merge",
        {"version": 2, "choice-0": "both"},
    )

    assert response.status_code == 302
    pa_letter.refresh_from_db()
    assert pa_letter.body == f"{OPENING}\n\nThe garden is in bloom.\n\nI joined a library."
    assert pa_letter.version == 3
    # Nothing is lost: the text the merge replaced and the refused text are both kept.
    kept = set(pa_letter.revisions.values_list("body", flat=True))
    assert {f"{OPENING}\n\nThe garden is in bloom.", f"{OPENING}\n\nI joined a library."} <= kept


def test_a_merge_without_a_choice_is_refused_and_changes_nothing(client_alice, pa_letter, two_tabs):
    _, refused = two_tabs

    response = client_alice.post(
        f"/letters/{pa_letter.pk}/revisions/{refused.pk}/merge", {"version": 2}
    )

    assert response.status_code == 400
    assert "Choose a version for every paragraph that differs." in response.content.decode()
    pa_letter.refresh_from_db()
    assert pa_letter.version == 2


def test_a_merge_after_yet_another_save_is_asked_again(client_alice, pa_letter, two_tabs):
    _, refused = two_tabs
    autosave(client_alice, pa_letter, f"{OPENING}\n\nThe garden is in bloom. Roses!", 2)

    response = client_alice.post(
        f"/letters/{pa_letter.pk}/revisions/{refused.pk}/merge",
        {"version": 2, "choice-0": "yours"},
    )

    assert response.status_code == 409
    assert "Roses!" in response.content.decode()
    pa_letter.refresh_from_db()
    assert pa_letter.body.endswith("Roses!")


def test_changes_to_different_paragraphs_merge_against_the_text_both_tabs_opened(
    client_alice, pa_letter
):
    # Several quick saves in the first tab (no periodic snapshot between them): the text both
    # tabs opened is still the base, so the merge asks nothing.
    client_alice.get(pa_letter.get_absolute_url())
    start = pa_letter.body
    autosave(client_alice, pa_letter, start.replace("Dear John,", "Dear John!"), 1)
    autosave(client_alice, pa_letter, start.replace("Dear John,", "Dear John!!"), 2)
    autosave(client_alice, pa_letter, start.replace("Alice", "Alice W."), 1)
    refused = pa_letter.revisions.get(reason=LetterRevision.Reason.REFUSED)

    response = client_alice.post(
        f"/letters/{pa_letter.pk}/revisions/{refused.pk}/merge", {"version": 3}
    )

    assert response.status_code == 302
    pa_letter.refresh_from_db()
    assert pa_letter.body == start.replace("Dear John,", "Dear John!!").replace("Alice", "Alice W.")


def test_without_javascript_the_save_button_shows_the_same_panel(client_alice, pa_letter):
    client_alice.get(pa_letter.get_absolute_url())
    autosave(client_alice, pa_letter, f"{OPENING}\n\nFrom a phone.", 1)

    response = client_alice.post(
        pa_letter.get_absolute_url(), {"body": f"{OPENING}\n\nFrom a laptop.", "version": 1}
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "From a phone." in page
    assert "From a laptop." in page
    assert 'name="choice-0"' in page
    refused = pa_letter.revisions.get(reason=LetterRevision.Reason.REFUSED)
    assert f"/letters/{pa_letter.pk}/revisions/{refused.pk}/merge" in page
