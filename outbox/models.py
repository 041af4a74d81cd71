"""E-mails waiting to be delivered, and those that could not be.

An e-mail is stored here by `outbox.backends.QueuedEmailBackend` in the same transaction as the
write that causes it, and a task (`outbox.tasks.deliver`) sends it. A delivered e-mail is deleted:
its text (status links, names) is kept no longer than needed. What is left is the queue and the
list of failed sends that staff see in the admin.
"""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        FAILED = "failed", "Failed: no more tries"

    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    recipients = models.TextField(help_text="Who the e-mail is addressed to.")
    subject = models.CharField(max_length=998)
    message = models.JSONField(help_text="The whole e-mail, as built by the site.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, help_text="What the mail server answered last.")
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "outgoing e-mail"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "failed"]), name="outgoingemail_status_valid"
            ),
        ]
        indexes = [
            # The admin's list of failed sends.
            models.Index(fields=["status", "created_at"], name="outgoingemail_status"),
        ]

    def __str__(self):
        return f"{self.subject} (to {self.recipients})"

    @classmethod
    def from_message(cls, message):
        if message.attachments:
            raise ValueError("Queued e-mails carry no attachments.")
        return cls(
            recipients=", ".join(message.recipients()),
            subject=message.subject,
            message={
                "subject": message.subject,
                "body": message.body,
                "from_email": message.from_email,
                "to": message.to,
                "cc": message.cc,
                "bcc": message.bcc,
                "reply_to": message.reply_to,
                "headers": message.extra_headers,
                "alternatives": [list(alt) for alt in getattr(message, "alternatives", [])],
                "content_subtype": message.content_subtype,
            },
        )

    def to_message(self, connection):
        data = self.message
        cls = EmailMultiAlternatives if data["alternatives"] else EmailMessage
        message = cls(
            subject=data["subject"],
            body=data["body"],
            from_email=data["from_email"],
            to=data["to"],
            cc=data["cc"],
            bcc=data["bcc"],
            reply_to=data["reply_to"],
            headers=data["headers"],
            connection=connection,
        )
        message.content_subtype = data["content_subtype"]
        for content, mimetype in data["alternatives"]:
            message.attach_alternative(content, mimetype)
        return message
