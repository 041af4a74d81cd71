import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from django.apps import apps
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session

from accounts.models import ReturnAddress, SavedProfile
from tests.factories import PASSWORD, ReturnAddressFactory, WriterFactory

User = get_user_model()
pytestmark = pytest.mark.django_db


def rows_referring_to(user_pk):
    """Every row, in every table, with a foreign key or one-to-one pointing at `user_pk`, plus
    every stored session signed in as that user."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                count = model._default_manager.filter(**{field.attname: user_pk}).count()
                if count:
                    found.append(f"{model._meta.label}.{field.name}: {count}")
    sessions = [
        s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user_pk)
    ]
    if sessions:
        found.append(f"sessions: {len(sessions)}")
    return found


@pytest.fixture
def busy_writer(writer, public_profile, hidden_profile, client):
    """A writer with something in every table the account touches."""
    ReturnAddressFactory(user=writer)
    SavedProfile.objects.create(user=writer, profile=public_profile)
    SavedProfile.objects.create(user=writer, profile=hidden_profile)
    pending = EmailAddress.objects.create(user=writer, email="new@example.com")
    EmailConfirmation.create(pending)
    return writer


def test_the_page_asks_for_the_password_again(client, writer):
    client.force_login(writer)

    html = client.get("/accounts/delete/").content.decode()

    assert 'type="password"' in html
    assert "saved profiles" in html


def test_a_wrong_password_deletes_nothing(client, busy_writer):
    client.force_login(busy_writer)

    response = client.post("/accounts/delete/", {"password": "not it", "confirm": "on"})

    assert response.status_code == 400
    assert "That password is not correct" in response.content.decode()
    assert User.objects.filter(pk=busy_writer.pk).exists()
    assert SavedProfile.objects.filter(user=busy_writer).count() == 2


def test_the_box_must_be_ticked(client, busy_writer):
    client.force_login(busy_writer)

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 400
    assert "Please tick the box" in response.content.decode()
    assert User.objects.filter(pk=busy_writer.pk).exists()


def test_deleting_removes_every_row_that_refers_to_the_writer_and_says_so(
    client, busy_writer, bob, public_profile
):
    SavedProfile.objects.create(user=bob, profile=public_profile)
    other_device = client.__class__()
    for browser in (client, other_device):
        browser.post("/accounts/login/", {"login": busy_writer.email, "password": PASSWORD})
    assert rows_referring_to(busy_writer.pk)  # the check can see what it looks for
    session_keys = [browser.session.session_key for browser in (client, other_device)]
    pk = busy_writer.pk

    response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account is deleted" in html
    assert "Saved profiles: 2" in html
    assert "Return addresses: 1" in html
    assert "Sessions: 2" in html
    assert rows_referring_to(pk) == []
    assert not EmailAddress.objects.filter(email__in=["writer@example.com", "new@example.com"])
    assert not ReturnAddress.objects.exists()
    # Other writers' data is untouched; the profiles themselves stay.
    assert SavedProfile.objects.filter(user=bob).count() == 1
    # Both browsers are signed out, and no copy of their sessions is left in the cache.
    for browser in (client, other_device):
        assert browser.get("/accounts/profile/").status_code == 302
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    assert cache.get_many([KEY_PREFIX + key for key in session_keys]) == {}


def test_deleting_forgets_the_failed_sign_in_count(client, writer):
    def fail_four_times(ip):
        for _ in range(4):
            response = client.__class__().post(
                "/accounts/login/", {"login": writer.email, "password": "wrong"}, REMOTE_ADDR=ip
            )
            assert response.status_code == 200

    fail_four_times("203.0.113.9")
    client.force_login(writer)
    client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})

    WriterFactory(email=writer.email)  # the same person opens a new account later
    fail_four_times("198.51.100.3")  # would pass the limit of 5 had the old count survived
    response = client.__class__().post(
        "/accounts/login/", {"login": writer.email, "password": PASSWORD}
    )

    assert response.status_code == 302


def test_guessing_the_password_on_the_delete_page_is_throttled(client, writer):
    client.force_login(writer)
    for _ in range(5):
        client.post("/accounts/delete/", {"password": "guess", "confirm": "on"})

    response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 429
    assert User.objects.filter(pk=writer.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/accounts/delete/")["Location"].startswith("/accounts/login/")
    assert client.post("/accounts/delete/", {"password": "x"})["Location"].startswith(
        "/accounts/login/"
    )


def test_deleting_drops_emails_to_the_writer_still_in_the_queue(client, writer, settings):
    from django.core.mail import send_mail

    from outbox.models import OutgoingEmail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # not sent yet
    send_mail("Confirm your address", "A private link", None, [writer.email.upper()])
    send_mail("Another writer's e-mail", "Their link", None, ["bob@example.com"])
    client.post("/accounts/login/", {"login": writer.email, "password": PASSWORD})

    response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 200
    assert "E-mails not yet sent: 1" in response.content.decode()
    assert list(OutgoingEmail.objects.values_list("recipients", flat=True)) == ["bob@example.com"]
