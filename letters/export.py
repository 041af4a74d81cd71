"""A writer's letters and correspondence log, for the account's data export (GDPR Art. 20).

The person written to is named as the writer's pages name them; no mailing address is exported.
"""

from letters.models import CorrespondenceLogEntry, Letter, ProhibitedItemsConfirmation


def letters_for_export(user) -> dict:
    letters = Letter.objects.filter(writer=user).select_related("profile").order_by("created_at")
    log = (
        CorrespondenceLogEntry.objects.filter(writer=user)
        .select_related("profile")
        .order_by("date", "id")
    )
    return {
        "letters": [
            {
                "id": letter.pk,
                "to": letter.recipient_name,
                "status": letter.status,
                "body": letter.body,
                "photos_enclosed": letter.photo_count,
                "cards_enclosed": letter.card_count,
                "created_at": letter.created_at.isoformat(),
                "updated_at": letter.updated_at.isoformat(),
                "sent_on": letter.sent_on.isoformat() if letter.sent_on else None,
            }
            for letter in letters
        ],
        "prohibited_items_confirmations": [
            {
                "facility": confirmation.facility.name,
                "items": confirmation.items,
                "confirmed_at": confirmation.confirmed_at.isoformat(),
            }
            for confirmation in ProhibitedItemsConfirmation.objects.filter(writer=user)
            .select_related("facility")
            .order_by("confirmed_at")
        ],
        "correspondence_log": [
            {
                "kind": entry.kind,
                "date": entry.date.isoformat(),
                "with": _name(entry.profile),
                "letter_id": entry.letter_id,
                "note": entry.note,
                "return_reason": entry.return_reason,
                "reported_to_staff": entry.reported_to_staff,
            }
            for entry in log
        ],
    }


def _name(profile):
    return Letter(profile=profile).recipient_name
