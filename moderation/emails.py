"""Moderation's e-mails: every decision to the family who listed the person, renewal
reminders, and writers who saved a listing that stopped reaching the person.

`services.decide` sends them for every path alike; each is queued in the decision's own
transaction (see profiles.emails.send_email).
"""

from django.db import IntegrityError, transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from profiles.emails import language_of, lazy_format, send_email, status_url
from profiles.models import HIDDEN_BY_REPORTS, HiddenReason, Profile, RejectionReason

from .models import Notice, note_for_family

S = Profile.Status

# Reasons a takedown erased a listing: chosen by staff in the admin, quoted to the submitter.
ERASURE_REASONS = {
    "takedown_person": _("The person listed asked for the listing to be removed."),
    "takedown_family": _("The person's family asked for the listing to be removed."),
    "takedown_facility": _("The facility asked for the listing to be removed."),
    "no_consent": _("The person did not consent to being listed."),
    "other": _("Removed by staff (see the note)."),
}
SILENT_REASONS = {"resubmitted"}
# Hidden by reports before staff decide anything: the family is told that the listing is hidden
# while staff review it, never who reported it, why, or what the report says (the submitter may
# be the person a report is about).
HIDDEN_PENDING_REVIEW = _(
    "Staff received a report about the listing and have hidden it while they review it, as "
    "they do for every such report. You do not need to do anything: staff will e-mail you "
    "when they have decided."
)


def decision_subject_and_reason(event):
    """What happened, in one subject line, and the reason staff gave, in words."""
    to, reason = event.to_status, event.reason
    if to == S.APPROVED and event.from_status == S.PENDING:
        return _("Your listing is published"), ""
    if to == S.APPROVED:
        return _("Your listing is visible again"), ""
    if to == S.REJECTED:
        return _("Your listing was not accepted"), _label(RejectionReason, reason)
    if to == S.CHANGES_REQUESTED:
        return _("Changes are needed before your listing can be published"), ""
    if to == S.HIDDEN and reason in HIDDEN_BY_REPORTS:
        return _("Your listing is hidden while staff review it"), HIDDEN_PENDING_REVIEW
    if to == S.HIDDEN:
        return _("Your listing is hidden"), _label(HiddenReason, reason)
    if to == S.PENDING and reason == "transferred":
        return _("Your listing is back in review after a transfer"), _(
            "The person was moved to another facility. Staff will check the new address "
            "before the listing is published again, because prisons do not forward mail."
        )
    if to == S.EXPIRED:
        return _("Your listing has expired"), _("Listings expire after a year unless renewed.")
    if to == S.ERASED:
        return _("Your listing was removed"), ERASURE_REASONS.get(reason, "")
    return None, ""


def send_decision(profile, event, *, recipient=None, person=None):
    """Tell the submitter about `event`. Returns True when an e-mail was sent.

    `recipient` and `person` are given when the profile no longer holds them (after erasure).
    """
    recipient = recipient if recipient is not None else profile.submitter_email
    subject, reason = decision_subject_and_reason(event)
    if not recipient or not subject or event.reason in SILENT_REASONS:
        return False
    context = {
        "person": person or f"{profile.first_name} {profile.last_name}".strip(),
        "profile": profile,
        "event": event,
        "headline": subject,
        "reason": reason,
        # The automatic note names the report; the family is told only that there is one.
        # Lazy: the site's own notes are translated when the e-mail is written, in the family's
        # language; what staff typed is quoted as written.
        "note": "" if event.reason in HIDDEN_BY_REPORTS else lazy(note_for_family, str)(event.note),
        "status_url": status_url(profile),
    }
    send_email("decision", subject, recipient, context, language=language_of(profile))
    return True


def send_renewal_reminder(profile):
    """Once per expiry date: the listing expires soon, renew it from the status page."""
    key = f"{profile.pk}:{profile.expires_at:%Y-%m-%d}"
    context = {"profile": profile, "status_url": status_url(profile)}
    return _send_once(
        profile,
        Notice.Kind.RENEWAL_REMINDER,
        key,
        _("Your listing expires soon: renew it to keep it listed"),
        profile.submitter_email,
        "renewal_reminder",
        context,
        language=language_of(profile),
    )


WRITER_NEWS = {
    "released": _("has been released"),
    HiddenReason.RELEASE_DATE_PASSED: _(
        "has probably been released (the projected release date has passed)"
    ),
    "transferred": _("has been moved to another facility"),
    "expired": _("is no longer listed (the listing expired)"),
}


def notify_savers(event):
    """Tell each writer who saved the profile that it was hidden for a release, a transfer or
    expiry, so they stop writing to an address that no longer reaches the person. Once each."""
    news = WRITER_NEWS.get(event.reason)
    if news is None:
        return 0
    profile = event.profile
    sent = 0
    for saved in profile.saved_by.select_related("user"):
        context = {
            "profile": profile,
            "news": news,
            "transferred": event.reason == "transferred",
        }
        sent += _send_once(
            profile,
            Notice.Kind.SAVED_PROFILE_HIDDEN,
            f"{event.pk}:{saved.user_id}",
            # Lazy: written in the writer's language when the e-mail is built.
            lazy_format(
                _("Update about %(person)s, whom you saved on Penpals"),
                person=profile.display_name,
            ),
            saved.user.email,
            "saved_profile_hidden",
            context,
            language=saved.user.language or None,
        )
    return sent


def _send_once(profile, kind, key, subject, recipient, template, context, language=None):
    if not recipient:
        return 0
    try:
        # The notice row and the queued e-mail are written together: a crash re-sends next run.
        with transaction.atomic():
            Notice.objects.create(profile=profile, kind=kind, key=key)
            send_email(template, subject, recipient, context, language=language)
    except IntegrityError:
        return 0  # sent before
    return 1


def _label(choices, value):
    return choices(value).label if value in choices.values else ""
