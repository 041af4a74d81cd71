"""The printable letter: US Letter pages with the person's name and number on every page, then
an envelope page with the exact mailing address from `facilities.addressing`.

Two documents are rendered and joined, so that "page N of M" counts the letter's pages only.
WeasyPrint needs Debian's Pango libraries (see NOTES-for-lead.md).
"""

import logging

from django.template.loader import render_to_string
from django.utils import timezone

from facilities.addressing import mailing_address, policy_for

# WeasyPrint reports every rendering step at INFO; the site logs at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def letter_context(letter):
    profile = letter.profile
    policy = policy_for(profile.facility)
    address = getattr(letter.writer, "return_address", None)
    return {
        "letter": letter,
        "policy": policy,
        "recipient": f"{profile.first_name} {profile.last_name}",
        "number": f"{policy.inmate_number_label} {profile.inmate_number}",
        "return_lines": address.lines if address else [],
        "mailing_lines": mailing_address(
            first_name=profile.first_name,
            last_name=profile.last_name,
            number=profile.inmate_number,
            facility=profile.facility,
        ),
        "date": timezone.localdate(),
    }


def render_letter_pdf(letter) -> tuple[bytes, int]:
    """The PDF bytes and the number of letter pages (the envelope page not counted).

    Call only for a letter whose verdict is ready (addressable, addressed)."""
    # Imported here so that a server without Pango still serves every other page.
    from weasyprint import HTML

    context = letter_context(letter)
    letter_doc = HTML(string=render_to_string("letters/pdf/letter.html", context)).render()
    envelope_doc = HTML(string=render_to_string("letters/pdf/envelope.html", context)).render()
    pdf = letter_doc.copy(letter_doc.pages + envelope_doc.pages).write_pdf()
    return pdf, len(letter_doc.pages)
