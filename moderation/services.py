"""The one way a listing's status changes: `decide(profile, step, ...)`.

Every path calls it (the admin's actions, one listing or many; the family's status link; reports;
the daily lifecycle), so the same step has the same effects whoever takes it:

- the profile changes through its own workflow method, which refuses a step its status or data
  do not allow (`profiles.models.Profile.refusal`) and renames or deletes photo files;
- one `ProfileEvent` records who, when, from, to, why and the note;
- the family is e-mailed about the decision, and writers who saved the listing are told when it
  stopped reaching the person (both queued in the same transaction, so they go out if, and only
  if, the step is committed);
- an erasure also clears what moderation's own records quote of the person.

Cached public pages need nothing here: database triggers retire them with the write itself
(pagecache).
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from profiles.models import HIDDEN_BY_REPORTS, InvalidTransition, Profile

from . import emails
from .models import ProfileEvent, Report

# The workflow methods `decide` may call, by step name (Profile.approve, Profile.reject, ...).
STEPS = {
    "approve",
    "reject",
    "request_changes",
    "hide",
    "unhide",
    "mark_released",
    "mark_transferred",
    "expire",
    "withdraw",
    "resubmit",
    "renew",
    "erase",
}


@transaction.atomic
def decide(profile, step, *, by=None, note="", **data):
    """Take `step` on `profile` and do everything that step does; returns the ProfileEvent.

    `by` is the staff member who decided (None for the family, a reporter or the daily job);
    `data` is what the step needs (a reason, the new facility, the custody check...). Raises
    `InvalidTransition`, with nothing changed, when the step is not allowed.
    """
    if step not in STEPS:
        raise ValueError(f"Unknown workflow step {step!r}.")
    # Read before an erasure empties them: the family still hears what happened.
    recipient = profile.submitter_email
    person = f"{profile.first_name} {profile.last_name}".strip()
    change = getattr(profile, step)(note=note, **data)
    event = ProfileEvent.objects.create(
        profile=profile,
        actor=by if by is not None and by.is_authenticated else None,
        from_status=change.from_status,
        to_status=change.to_status,
        reason=change.reason,
        note=change.note,
    )
    if step == "erase":
        _forget_the_person(profile, event, by=by)
    emails.send_decision(profile, event, recipient=recipient, person=person)
    emails.notify_savers(event)
    return event


def restore_after_unfounded_reports(profile, *, by):
    """One step for a listing that reports hid wrongly: publish it again and dismiss its open
    reports as unfounded (they then count on each reporter's record)."""
    if profile.status != Profile.Status.HIDDEN or profile.hidden_reason not in HIDDEN_BY_REPORTS:
        raise InvalidTransition("it was not hidden by reports; use the listing's own actions.")
    with transaction.atomic():
        event = decide(profile, "unhide", by=by, note="Restored after reviewing the reports.")
        for report in profile.reports.open():
            report.close(
                by=by, status=Report.Status.DISMISSED, resolution=Report.Resolution.RESTORED
            )
    return event


def _forget_the_person(profile, event, *, by):
    """An erasure keeps who decided what and when, and nothing that quotes the person."""
    profile.events.exclude(pk=event.pk).update(note="")
    profile.reports.update(details="", contact_email="")
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Profile), object_id=str(profile.pk)
    ).update(object_repr=str(profile), change_message="")
    for report in profile.reports.open():
        report.close(by=by, status=Report.Status.RESOLVED, resolution=Report.Resolution.ERASED)
