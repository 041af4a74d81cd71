"""Two texts of one letter, edited in two places (two tabs, a phone and a laptop), merged.

Paragraphs are the unit: a letter is written and revised in paragraphs, and a choice between
two versions of a paragraph is one a writer can make. `merge(base, saved, yours)` is a
three-way merge against `base`, the last text both started from: a paragraph only one side
changed takes that change, one both changed alike is kept once, and only where both changed it
differently does the writer choose (either version, or both). Nothing is lost, nothing doubled.

Without a base (None: it was pruned), paragraphs both texts have are kept once and every other
difference is the writer's choice.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
CHOICES = ("saved", "yours", "both")


def paragraphs(text):
    """The text's paragraphs (separated by blank lines), each without surrounding blanks."""
    return [p.strip() for p in PARAGRAPH_BREAK.split(text.strip()) if p.strip()]


@dataclass
class Chunk:
    """A run of paragraphs: the same in the merged text (`saved == yours`), or a conflict."""

    saved: list
    yours: list

    @property
    def is_conflict(self):
        return self.saved != self.yours


@dataclass
class Merge:
    chunks: list

    @property
    def conflicts(self):
        return [chunk for chunk in self.chunks if chunk.is_conflict]

    @property
    def paragraphs_in_common(self):
        return sum(len(chunk.saved) for chunk in self.chunks if not chunk.is_conflict)

    def text(self, choices):
        """The merged letter, with one choice ("saved", "yours" or "both", the saved text
        first) per conflict, in order. Raises ValueError for a missing or unknown choice."""
        choices = list(choices)
        if len(choices) != len(self.conflicts) or not set(choices) <= set(CHOICES):
            raise ValueError(_("Choose a version for every paragraph that differs."))
        picked = iter(choices)
        result = []
        for chunk in self.chunks:
            if not chunk.is_conflict:
                result += chunk.saved
                continue
            choice = next(picked)
            result += chunk.saved if choice in ("saved", "both") else []
            result += chunk.yours if choice in ("yours", "both") else []
        return "\n\n".join(result)


def _unchanged(base, other):
    """{index in base: index in other} for the paragraphs `other` kept from `base`."""
    kept = {}
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        kept.update((a + k, b + k) for k in range(size))
    return kept


def _region(base, saved, yours):
    """The chunks for a stretch between paragraphs neither side touched."""
    if saved == yours or yours == base:
        return [Chunk(saved, saved)]
    if saved == base:
        return [Chunk(yours, yours)]
    # Both changed it: keep what they have in common once, ask about the rest.
    chunks = []
    matcher = SequenceMatcher(None, saved, yours, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        chunks.append(Chunk(saved[i1:i2], yours[j1:j2] if tag != "equal" else saved[i1:i2]))
    return chunks


def merge(base, saved, yours):
    """Merge `saved` (the stored text) and `yours` (the refused one) against `base` (their
    last common text, or None)."""
    base_p, saved_p, yours_p = paragraphs(base or ""), paragraphs(saved), paragraphs(yours)
    in_saved, in_yours = _unchanged(base_p, saved_p), _unchanged(base_p, yours_p)
    chunks = []
    b = s = y = 0
    for anchor in range(len(base_p)):
        # A paragraph neither side touched anchors the stretches around it.
        if anchor in in_saved and anchor in in_yours:
            s_at, y_at = in_saved[anchor], in_yours[anchor]
            if s_at < s or y_at < y:
                continue
            chunks += _region(base_p[b:anchor], saved_p[s:s_at], yours_p[y:y_at])
            chunks.append(Chunk([base_p[anchor]], [base_p[anchor]]))
            b, s, y = anchor + 1, s_at + 1, y_at + 1
    chunks += _region(base_p[b:], saved_p[s:], yours_p[y:])
    return Merge(_joined(chunks))


def _joined(chunks):
    """Empty chunks dropped, neighbouring common ones joined."""
    joined = []
    for chunk in chunks:
        if not chunk.saved and not chunk.yours:
            continue
        if joined and not chunk.is_conflict and not joined[-1].is_conflict:
            joined[-1] = Chunk(joined[-1].saved + chunk.saved, joined[-1].saved + chunk.saved)
        else:
            joined.append(chunk)
    return joined
