"""Shared fixtures: the three standing people (alice, bob, staff) and fast, isolated settings."""

import os

import pytest

from tests.factories import UserFactory

# Playwright's sync API keeps an event loop in the test thread for the whole session; Django's
# ORM refuses to run in such a thread unless told it is safe (tests are single-threaded).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_isolated_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # On as in production (development turns it off): every test that reads a public page after
    # a change also proves the change retired the cached page.
    settings.PENPALS_PAGE_CACHE_SECONDS = 300
    settings.MEDIA_ROOT = tmp_path / "media"
    # E-mail goes through the outbox as in production; the immediate task backend delivers it
    # at once, to Django's test outbox (`mail.outbox`) instead of a mail server.
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits live in the cache; one test's attempts must not throttle the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    """A writer who owns the data under test."""
    return UserFactory(email="alice@example.com", display_name="Alice")


@pytest.fixture
def bob(db):
    """Another writer: a stranger to alice's data."""
    return UserFactory(email="bob@example.com", display_name="Bob")


@pytest.fixture
def staff(db):
    """A moderator with staff access."""
    return UserFactory(email="staff@example.com", display_name="Staff", is_staff=True)
