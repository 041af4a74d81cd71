import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

User = get_user_model()
pytestmark = pytest.mark.django_db


def test_create_user_logs_in_with_email():
    user = User.objects.create_user("Writer@Example.COM", "a long passphrase")

    assert user.email == "Writer@example.com"  # the domain is normalised
    assert not user.is_staff and not user.is_superuser
    assert authenticate(username="writer@example.com", password="a long passphrase") == user


def test_user_has_no_username_field():
    assert User.USERNAME_FIELD == "email"
    assert "username" not in {field.name for field in User._meta.get_fields()}


def test_create_superuser_is_staff_and_superuser():
    admin = User.objects.create_superuser("root@example.com", "a long passphrase")

    assert admin.is_staff and admin.is_superuser


def test_create_superuser_refuses_non_staff():
    with pytest.raises(ValueError, match="is_staff"):
        User.objects.create_superuser("root@example.com", "pw", is_staff=False)


def test_create_user_requires_email():
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user("", "pw")


def test_email_is_unique_case_insensitively():
    User.objects.create_user("alice@example.com", "pw")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ALICE@example.com", "pw")


def test_case_variant_email_fails_model_validation_with_a_message():
    User.objects.create_user("alice@example.com", "pw")
    duplicate = User(email="Alice@Example.com")
    duplicate.set_password("pw")

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "already exists" in str(excinfo.value)


def test_passwords_are_hashed_with_argon2_first():
    import penpals.settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
