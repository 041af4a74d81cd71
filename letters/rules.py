"""Checks a letter against the facility's mail policy before it is printed.

`check_letter(letter)` returns a Verdict: problems that would get the letter returned (they must
be fixed before printing), safety warnings that never block (money, other people's phone
numbers), and reminders from the policy. The editor shows it after every save, and the PDF view
runs it again.
"""

import math
import re
import textwrap
from contextlib import suppress
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import has_return_address
from facilities.addressing import mailing_address, policy_for
from facilities.models import color_words, human_list, ink_words, prohibited_item_words
from letters.models import ProhibitedItemsConfirmation
from penpals.scams import money_request, phone_number

# The printed layout (templates/letters/letter_pdf.html): 12 pt serif, 1.5 line height on a
# 6.5 x 9 inch text block. Calibrated against WeasyPrint's output; tests compare the estimate
# with the real page count.
CHARS_PER_LINE = 88
LINES_PER_PAGE = 36
FIRST_PAGE_HEADING_LINES = 7  # return address, date and greeting space on page one
PARAGRAPH_GAP_LINES = 0.5

# "J.", "J" or "JR": an initial, not a full name.
INITIAL_RE = re.compile(r"^[A-Za-z]\.?$")


@dataclass
class Finding:
    code: str
    message: str


@dataclass
class Verdict:
    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    estimated_pages: int = 1
    counted_pages: int = 1
    page_limit: int | None = None

    @property
    def ready(self):
        return not self.problems

    def as_dict(self):
        return {
            "ready": self.ready,
            "problems": [f.__dict__ for f in self.problems],
            "warnings": [f.__dict__ for f in self.warnings],
            "reminders": self.reminders,
            "estimated_pages": self.estimated_pages,
            "counted_pages": self.counted_pages,
            "page_limit": self.page_limit,
        }


def estimate_pages(body):
    """Printed pages of the letter body, on the layout of the PDF template."""
    lines = FIRST_PAGE_HEADING_LINES
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        for line in paragraph.splitlines() or [""]:
            lines += max(1, len(textwrap.wrap(line, CHARS_PER_LINE)))
        lines += PARAGRAPH_GAP_LINES
    return max(1, math.ceil(lines / LINES_PER_PAGE))


def check_letter(letter, *, policy=None, printed_pages=None):
    """The verdict for `letter`: what to fix before printing, and what to be careful about.

    `printed_pages` is the real page count, when the PDF was made; otherwise it is estimated.
    """
    verdict = Verdict(estimated_pages=printed_pages or estimate_pages(letter.body))
    verdict.counted_pages = verdict.estimated_pages
    addressable = letter.is_addressable
    if addressable and policy is None:
        with suppress(ObjectDoesNotExist):
            policy = policy_for(letter.profile.facility)
    if not letter.body.strip():
        verdict.problems.append(Finding("empty", _("The letter has no text yet.")))
    _check_safety(letter.body, verdict)
    _check_return_address(letter.writer, policy, verdict)
    if not addressable:
        verdict.problems.append(
            Finding(
                "not_listed",
                _(
                    "This person is no longer listed, so Penpals cannot address the letter. "
                    "Their listing may have ended after a release or a transfer. Your text is "
                    "kept."
                ),
            )
        )
    elif policy is None:
        verdict.problems.append(
            Finding("no_policy", _("We have no mail rules for this facility yet."))
        )
    else:
        _check_address(letter.profile, verdict)
        _check_pages(policy, verdict)
        _check_enclosures(letter, policy, verdict)
        _check_prohibited_items(letter, policy, verdict)
        _add_reminders(policy, verdict)
    return verdict


def _check_safety(body, verdict):
    if money_request(body):
        verdict.warnings.append(
            Finding(
                "money",
                _(
                    "Your letter mentions sending or moving money. Never send money, gift cards "
                    "or money orders to someone you met through a pen-pal site, and never cash "
                    "or forward a money order for anyone: it is a known scam. If you were asked "
                    "for money, please report it to Penpals."
                ),
            )
        )
    if phone_number(body):
        verdict.warnings.append(
            Finding(
                "phone_number",
                _(
                    "Your letter contains a phone number or mentions a three-way call. Passing "
                    "on someone else's number can break prison rules and put that person at "
                    "risk; only share your own number, and only if you want calls."
                ),
            )
        )


def _check_return_address(writer, policy, verdict):
    if not has_return_address(writer):
        verdict.problems.append(
            Finding(
                "return_address_missing",
                _(
                    "Add your return address on your account page: prisons return mail without "
                    "one. A P.O. box keeps your home address private."
                ),
            )
        )
        return
    full_name_required = policy.return_address_full_name_required if policy else True
    address = writer.return_address
    names = (address.first_name.strip(), address.last_name.strip())
    if full_name_required and any(INITIAL_RE.match(name) for name in names):
        verdict.problems.append(
            Finding(
                "return_address_initials",
                _(
                    "This facility requires your full first and last name in the return "
                    "address, not initials. Update it on your account page."
                ),
            )
        )


def _check_address(profile, verdict):
    try:
        mailing_address(
            first_name=profile.first_name,
            last_name=profile.last_name,
            number=profile.inmate_number,
            facility=profile.facility,
        )
    except ValidationError as error:
        verdict.problems.append(Finding("address", " ".join(error.messages)))


def _check_pages(policy, verdict):
    verdict.page_limit = policy.max_pages
    if policy.max_pages_counts_envelope:
        verdict.counted_pages += 1
    if policy.max_pages and verdict.counted_pages > policy.max_pages:
        values = {"pages": verdict.counted_pages, "limit": policy.max_pages}
        if policy.max_pages_counts_envelope:
            message = _(
                "This letter would print on about %(pages)d pages (the envelope counts as a "
                "page here); the facility accepts %(limit)d. Shorten it or send the rest "
                "separately."
            )
        else:
            message = _(
                "This letter would print on about %(pages)d pages; the facility accepts "
                "%(limit)d. Shorten it or send the rest separately."
            )
        verdict.problems.append(Finding("too_many_pages", message % values))


def _check_enclosures(letter, policy, verdict):
    if policy.max_photos is not None and letter.photo_count > policy.max_photos:
        verdict.problems.append(
            Finding(
                "too_many_photos",
                ngettext(
                    "You plan to enclose %(count)d photo; the facility accepts at most "
                    "%(limit)d per envelope.",
                    "You plan to enclose %(count)d photos; the facility accepts at most "
                    "%(limit)d per envelope.",
                    letter.photo_count,
                )
                % {"count": letter.photo_count, "limit": policy.max_photos},
            )
        )
    if letter.photo_count and letter.photos_include_polaroids and policy.allows_polaroids is False:
        verdict.problems.append(
            Finding(
                "polaroids",
                _("Polaroid and instant photos are not accepted: send prints instead."),
            )
        )
    if letter.card_count:
        if policy.allows_cards is False:
            # The card rules are the agency's words, quoted as they are.
            message = _("This facility does not accept greeting cards by mail.")
            rules = f" {policy.card_rules}" if policy.card_rules else ""
            verdict.problems.append(Finding("cards", message + rules))
        elif policy.card_rules:
            verdict.reminders.append(_("Cards: %(rules)s") % {"rules": policy.card_rules})


def _check_prohibited_items(letter, policy, verdict):
    if not policy.prohibited_items:
        return
    facility = letter.profile.facility
    missing = ProhibitedItemsConfirmation.unconfirmed(letter.writer, facility, policy)
    if missing:
        verdict.problems.append(
            Finding(
                "checklist",
                _("Confirm that your envelopes to this facility hold none of these: %(items)s.")
                % {"items": ", ".join(prohibited_item_words(tag) for tag in missing)},
            )
        )


def _add_reminders(policy, verdict):
    if policy.allowed_paper_colors:
        colors = human_list(color_words(policy.allowed_paper_colors, "paper"))
        verdict.reminders.append(_("Print on %(colors)s 8.5 x 11 inch paper.") % {"colors": colors})
    if policy.allowed_ink:
        inks = human_list(ink_words(policy.allowed_ink))
        verdict.reminders.append(_("Anything you add by hand: %(inks)s only.") % {"inks": inks})
    if not policy.return_address_labels_allowed:
        verdict.reminders.append(
            _("No stickers or labels on the envelope: write or print the addresses directly on it.")
        )
