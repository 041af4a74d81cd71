"""Merging two tabs' texts of one letter: nothing lost, nothing doubled."""

import pytest

from letters.merge import merge, paragraphs

OPENING = "Dear John,\n\nThank you for your letter. It came on a rainy Tuesday."
CLOSING = "Write soon,\nAlice"


def text(*paras):
    return "\n\n".join(paras)


def test_paragraphs_are_split_on_blank_lines_and_keep_their_line_breaks():
    assert paragraphs("  Dear John,\n \nLine one\nline two\n\n\n\nBye \n") == [
        "Dear John,",
        "Line one\nline two",
        "Bye",
    ]


def test_both_tabs_adding_a_different_ending_asks_only_about_the_endings():
    base = text(OPENING)
    saved = text(OPENING, "About the garden.")
    yours = text(OPENING, "About the library.")

    merged = merge(base, saved, yours)

    assert [(c.saved, c.yours) for c in merged.conflicts] == [
        (["About the garden."], ["About the library."])
    ]
    # "Keep both" keeps the shared opening once: the old "Combine both" doubled the letter.
    assert merged.text(["both"]) == text(OPENING, "About the garden.", "About the library.")
    assert merged.text(["yours"]) == text(OPENING, "About the library.")
    assert merged.text(["saved"]) == saved


def test_changes_to_different_paragraphs_combine_without_a_question():
    base = text("One.", "Two.", "Three.")
    saved = text("One, changed in the first tab.", "Two.", "Three.")
    yours = text("One.", "Two.", "Three, changed in this tab.")

    merged = merge(base, saved, yours)

    assert merged.conflicts == []
    assert merged.text([]) == text(
        "One, changed in the first tab.", "Two.", "Three, changed in this tab."
    )


def test_the_same_change_in_both_tabs_is_kept_once():
    base = text("One.", "Two.")
    both = text("One.", "Two, fixed.", "A new closing.")

    merged = merge(base, both, both)

    assert merged.conflicts == []
    assert merged.text([]) == both


def test_a_paragraph_deleted_in_one_tab_and_edited_in_the_other_is_asked_about():
    base = text("One.", "Two.", "Three.")
    saved = text("One.", "Three.")
    yours = text("One.", "Two, edited.", "Three.")

    merged = merge(base, saved, yours)

    assert [(c.saved, c.yours) for c in merged.conflicts] == [([], ["Two, edited."])]
    assert merged.text(["saved"]) == saved
    assert merged.text(["yours"]) == yours


def test_a_deletion_only_one_tab_made_is_kept():
    base = text("One.", "Two.", "Three.")
    saved = text("One.", "Three.")
    yours = text("One.", "Two.", "Three.", "Four.")

    assert merge(base, saved, yours).text([]) == text("One.", "Three.", "Four.")


def test_without_a_common_text_the_shared_paragraphs_are_kept_once():
    saved = text(OPENING, "About the garden.", CLOSING)
    yours = text(OPENING, "About the library.", CLOSING)

    merged = merge(None, saved, yours)

    assert merged.paragraphs_in_common == 3
    assert merged.text(["both"]) == text(
        OPENING, "About the garden.", "About the library.", CLOSING
    )


@pytest.mark.parametrize("choice", ["saved", "yours", "both"])
def test_nothing_is_lost_or_doubled_whatever_is_chosen(choice):
    base = text(OPENING, "Middle.", CLOSING)
    saved = text(OPENING, "Middle, from the phone.", "An added thought.", CLOSING)
    yours = text("Dear John!", OPENING, "Middle, from the laptop.", CLOSING)

    merged = merge(base, saved, yours)
    result = paragraphs(merged.text([choice] * len(merged.conflicts)))

    assert len(result) == len(set(result))  # nothing twice
    kept = set(result)
    assert {*paragraphs(OPENING), CLOSING, "Dear John!"} <= kept
    if choice in ("saved", "both"):
        assert {"Middle, from the phone.", "An added thought."} <= kept
    if choice in ("yours", "both"):
        assert "Middle, from the laptop." in kept


@pytest.mark.parametrize("choices", [[], ["saved", "saved"], ["mine"], [None]])
def test_every_difference_needs_one_known_choice(choices):
    merged = merge(text("A."), text("A.", "B."), text("A.", "C."))

    with pytest.raises(ValueError, match="Choose a version"):
        merged.text(choices)
