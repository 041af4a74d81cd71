"""Delivering queued e-mails: one task per e-mail, retried with growing delays."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


@task()
def deliver(email_id):
    """Send one queued e-mail through the real mail backend (OUTBOX_DELIVERY_BACKEND).

    The row stays locked while it is sent, so two workers never send it twice; it is deleted in
    the same transaction once the mail server accepted it. A failure is recorded and tried again
    after the next of PENPALS_MAIL_RETRY_DELAYS; after the last, the e-mail is marked failed.
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.QUEUED)
            .first()
        )
        if email is None:
            return "gone"  # sent already, being sent by another worker, or given up
        connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND)
        try:
            email.to_message(connection).send()
        except Exception as error:  # SMTP refusals, timeouts, DNS: all worth another try
            return _failed(email, error)
        email.delete()
        return "sent"


def _failed(email, error):
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    email.last_attempt_at = timezone.now()
    delays = settings.PENPALS_MAIL_RETRY_DELAYS
    backend = deliver.get_backend()
    if email.attempts <= len(delays) and backend.supports_defer:
        delay = timedelta(seconds=delays[email.attempts - 1])
        deliver.using(run_after=timezone.now() + delay).enqueue(email.pk)
        outcome = "retrying"
    else:
        # Out of tries (or no worker to try later, in development): staff see it in the admin.
        email.status = OutgoingEmail.Status.FAILED
        outcome = "failed"
    email.save()
    logger.warning(
        "E-mail %s not delivered (attempt %s, %s): %s", email.pk, email.attempts, outcome, error
    )
    return outcome


def send_again(email):
    """Queue a failed e-mail for a fresh round of tries (the admin's action)."""
    with transaction.atomic():
        email.status = OutgoingEmail.Status.QUEUED
        email.attempts = 0
        email.save(update_fields=["status", "attempts"])
        deliver.enqueue(email.pk)
