import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher

User = get_user_model()
pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
PASSWORD = "a quiet river at dawn"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("accounts.forms.timezone.localdate", lambda: TODAY)


def signup_data(**overrides):
    return {
        "display_name": "Robin",
        "email": "robin@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "date_of_birth": "1990-04-02",
        "accept_guidelines": "on",
        **overrides,
    }


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)


def test_signup_page_asks_for_name_age_and_guidelines(client):
    html = client.get("/accounts/signup/").content.decode()

    for field in ("display_name", "email", "password1", "password2", "date_of_birth"):
        assert f'name="{field}"' in html
    assert 'name="accept_guidelines"' in html
    assert 'href="/guidelines/"' in html


def test_signup_creates_an_unverified_writer_and_sends_a_confirmation_link(client, mailoutbox):
    response = client.post("/accounts/signup/", signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="robin@example.com")
    assert user.display_name == "Robin"
    assert user.adult_confirmed_at is not None
    assert user.guidelines_accepted_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["robin@example.com"]
    assert mailoutbox[0].subject == "[Penpals] Confirm your e-mail address"
    assert confirmation_link(mailoutbox[0])


def test_signup_stores_the_password_with_argon2(client, settings):
    import penpals.settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS

    client.post("/accounts/signup/", signup_data())

    assert User.objects.get(email="robin@example.com").password.startswith("argon2")


def test_sign_in_is_refused_until_the_address_is_verified(client, mailoutbox):
    client.post("/accounts/signup/", signup_data())
    other_browser = client.__class__()

    response = other_browser.post(
        "/accounts/login/", {"login": "robin@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in other_browser.session


def test_following_the_link_verifies_the_address_and_allows_sign_in(client, mailoutbox):
    client.post("/accounts/signup/", signup_data())
    link = confirmation_link(mailoutbox[0])
    browser = client.__class__()

    page = browser.get(link)
    assert page.status_code == 200
    assert "robin@example.com" in page.content.decode()
    browser.post(link)
    response = browser.post(
        "/accounts/login/", {"login": "Robin@Example.com", "password": PASSWORD}
    )

    user = User.objects.get(email="robin@example.com")
    assert EmailAddress.objects.get(user=user).verified
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        ("2008-06-15", True),  # 18 today
        ("2008-06-16", False),  # 18 tomorrow
        ("2008-06-14", True),
        ("1926-07-01", True),
    ],
)
def test_writers_must_be_18_or_older(client, born, accepted):
    response = client.post("/accounts/signup/", signup_data(date_of_birth=born))

    assert User.objects.filter(email="robin@example.com").exists() is accepted
    if not accepted:
        assert "you must be 18 or older" in response.content.decode()


def test_someone_born_on_29_february_turns_18_on_1_march(monkeypatch):
    from profiles.validators import age_on

    born = datetime.date(2008, 2, 29)
    assert age_on(born, datetime.date(2026, 2, 28)) == 17
    assert age_on(born, datetime.date(2026, 3, 1)) == 18


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_of_birth": "2030-01-01"}, "in the future"),
        ({"date_of_birth": "1850-01-01"}, "check the year"),
        ({"date_of_birth": "not a date"}, "Enter a valid date"),
        ({"accept_guidelines": ""}, "accept the community guidelines"),
        ({"display_name": ""}, "This field is required"),
        ({"password2": "something else entirely"}, "same password"),
    ],
)
def test_a_rejected_signup_explains_why_and_keeps_what_was_typed(client, overrides, message):
    response = client.post("/accounts/signup/", signup_data(**overrides))

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="robin@example.com"' in html
    assert not User.objects.filter(email="robin@example.com").exists()


def test_signing_up_with_a_taken_address_reveals_nothing_and_creates_nothing(
    client, writer, mailoutbox
):
    response = client.post("/accounts/signup/", signup_data(email="WRITER@example.com"))

    assert response.status_code == 302
    assert User.objects.filter(email__iexact="writer@example.com").count() == 1
    # The owner is told by e-mail instead of the form telling a stranger.
    assert [to.lower() for to in mailoutbox[0].to] == ["writer@example.com"]


class CountingHasher(MD5PasswordHasher):
    """Counts passwords hashed: the work that made a taken address answer faster."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("email", ["newcomer@example.com", "WRITER@example.com"])
def test_signing_up_costs_one_password_hash_whether_or_not_the_address_is_taken(
    client, writer, settings, email
):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_signup.CountingHasher"]
    CountingHasher.hashed = 0

    response = client.post("/accounts/signup/", signup_data(email=email))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert CountingHasher.hashed == 1


def test_sign_out_is_a_post(client, writer):
    client.force_login(writer)

    page = client.get("/").content.decode()
    assert 'action="/accounts/logout/"' in page
    assert client.post("/accounts/logout/").status_code == 302

    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, writer, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "writer@example.com"})

    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    writer.refresh_from_db()
    assert writer.check_password("a brand new passphrase")


def test_community_guidelines_page_says_it_in_plain_words(client):
    html = client.get("/guidelines/").content.decode()

    assert "No money, ever" in html
    assert "Do not ask anyone for money" in html
    assert "Follow the facility" in html
    assert "Report abuse" in html
    assert "18 or older" in html


def test_a_superuser_from_the_command_line_signs_in_without_a_confirmation_email(
    client, mailoutbox
):
    User.objects.create_superuser("root@example.com", PASSWORD)

    response = client.post("/accounts/login/", {"login": "root@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert mailoutbox == []
    assert client.get("/admin/").status_code == 200


def test_a_broken_confirmation_link_explains_what_to_do(client):
    response = client.get("/accounts/confirm-email/not-a-real-key/")

    assert "expired or is not valid" in response.content.decode()


def test_a_used_or_forged_reset_link_explains_what_to_do(client, writer):
    response = client.get("/accounts/password/reset/key/1-forged-key/", follow=True)

    assert "This link no longer works" in response.content.decode()


def test_changing_the_email_address_waits_for_the_new_one_to_be_confirmed(
    client, writer, mailoutbox
):
    client.force_login(writer)

    client.post("/accounts/email/", {"action_add": "", "email": "wren.new@example.com"})

    writer.refresh_from_db()
    assert writer.email == "writer@example.com"
    assert mailoutbox[0].to == ["wren.new@example.com"]
    page = client.get("/accounts/email/").content.decode()
    assert "wren.new@example.com" in page
    assert "open the link we sent there" in page
