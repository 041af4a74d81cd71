"""The site's EMAIL_BACKEND: queue each message for delivery by a task, in the caller's
transaction (see outbox.models)."""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .models import OutgoingEmail


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .tasks import deliver

        queued = 0
        # Atomic: the rows and their tasks are written together, inside the caller's
        # transaction when there is one (a rolled-back write sends nothing).
        with transaction.atomic():
            for message in email_messages:
                email = OutgoingEmail.from_message(message)
                email.save()
                deliver.enqueue(email.pk)
                queued += 1
        return queued
