"""E-mail is queued with the write that causes it and delivered by a worker, with retries."""

import time
from email import message_from_bytes

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from outbox.models import OutgoingEmail
from tests.accounts.test_signup import signup_data
from tests.factories import FacilityFactory, UserFactory
from tests.outbox.smtp import closed_port, mail_server
from tests.profiles.submission import submission

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def smtp_down(settings):
    """Deliveries go to a real SMTP port where, for now, no mail server listens."""
    settings.TASKS = DATABASE_TASKS
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings.EMAIL_PORT


def run_worker():
    """django-tasks-db's worker, as `manage.py db_worker --batch` runs it: every task that is
    due, then stop."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_a_submission_succeeds_and_is_mailed_once_when_it_is_back(
    client, smtp_down, settings
):
    settings.PENPALS_MAIL_RETRY_DELAYS = [1, 1, 1]
    facility = FacilityFactory()

    started = time.monotonic()
    response = client.post(reverse("profiles:submit"), submission(facility))

    assert response.status_code == 302
    assert time.monotonic() - started < 3  # no mail server was waited for
    run_worker()  # the server is down: the attempt fails and is scheduled again
    (email,) = OutgoingEmail.objects.all()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.QUEUED, 1)
    assert "Connection refused" in email.last_error or "Errno" in email.last_error

    with mail_server(smtp_down) as inbox:
        time.sleep(1.2)  # the retry's delay
        run_worker()
        run_worker()  # nothing left: a second run sends nothing twice
        time.sleep(0.2)

    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.rcpt_tos == ["denise@example.com"]
    message = message_from_bytes(envelope.content)
    assert "Marcus Holloway" in message["Subject"]
    assert not OutgoingEmail.objects.exists()  # delivered: its text is not kept


@pytest.mark.django_db(transaction=True)
def test_after_the_last_retry_the_email_is_listed_as_failed(smtp_down, settings):
    from django.core.mail import send_mail

    settings.PENPALS_MAIL_RETRY_DELAYS = [0, 0]

    send_mail("Hello", "Body", None, ["someone@example.com"])
    run_worker()  # no delay between tries: the batch makes all three

    (email,) = OutgoingEmail.objects.all()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, 3)


@pytest.mark.django_db(transaction=True)
def test_an_email_queued_in_a_rolled_back_write_is_never_sent(smtp_down):
    from django.core.mail import send_mail
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Hello", "Body", None, ["someone@example.com"])
        raise RuntimeError("the write failed after the e-mail was queued")

    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_account_emails_from_allauth_go_through_the_queue(client, settings):
    settings.TASKS = DATABASE_TASKS
    response = client.post(reverse("account_signup"), signup_data(email="carol@example.com"))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert mail.outbox == []  # queued, not sent inside the request
    (email,) = OutgoingEmail.objects.all()
    assert email.recipients == "carol@example.com"

    run_worker()

    (message,) = mail.outbox
    assert message.to == ["carol@example.com"]
    assert "/accounts/confirm-email/" in message.body


@pytest.mark.django_db
def test_moderators_see_failed_sends_and_send_one_again(client, settings):
    from django.contrib.auth.models import Group

    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    failed = OutgoingEmail.objects.create(
        recipients="denise@example.com",
        subject="Your Penpals listing",
        message={
            "subject": "Your Penpals listing",
            "body": "Hello",
            "from_email": "Penpals <no-reply@penpals.invalid>",
            "to": ["denise@example.com"],
            "cc": [],
            "bcc": [],
            "reply_to": [],
            "headers": {},
            "alternatives": [],
            "content_subtype": "plain",
        },
        status=OutgoingEmail.Status.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    client.force_login(moderator)
    changelist = reverse("admin:outbox_outgoingemail_changelist")

    page = client.get(changelist)

    assert page.status_code == 200
    assert b"denise@example.com" in page.content
    assert b"Connection unexpectedly closed" in page.content

    response = client.post(
        changelist, {"action": "send_selected_again", "_selected_action": [failed.pk]}
    )

    assert response.status_code == 302
    (message,) = mail.outbox  # the immediate task backend delivered it at once
    assert message.to == ["denise@example.com"]
    assert not OutgoingEmail.objects.exists()
