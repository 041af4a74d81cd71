"""Shared fixtures: the three standing people (alice, bob, staff) and fast, isolated settings."""

import functools
import os
import socket
import uuid
from pathlib import Path

import pytest

from tests.factories import UserFactory
from tests.shipped_data import ImportedRows

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
def _site_language_after_each_test():
    yield
    # LocaleMiddleware leaves a request's language active in the thread: a test that asked for
    # Spanish must not make the next test's messages (built outside any request) Spanish.
    from django.utils import translation

    translation.deactivate()


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


# --- Shipped data: imported once per session (tests/shipped_data.py) ------------------------------


@pytest.fixture(scope="session")
def _shipped_policy_rows(django_db_setup, django_db_blocker):
    from facilities import importer

    with django_db_blocker.unblock():
        return ImportedRows(lambda: importer.load_policies(importer.load_jurisdictions()))


@pytest.fixture
def shipped_policies(db, _shipped_policy_rows):
    """Every jurisdiction and mail policy from facilities/data, as the importer loads them,
    without facilities; by jurisdiction code."""
    return _shipped_policy_rows.install()


# --- Photo storage: every photo test runs on the local disk and on S3 ---------------------------


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3 (moto's server mode) on a free port, for the whole test run."""
    import botocore.session
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    with pytest.MonkeyPatch.context() as patch:
        # Each S3 storage a test makes opens its own boto3 session, which parses megabytes of
        # botocore's bundled model and endpoint JSON again; they share one (read-only) loader.
        cached_loader = functools.cache(botocore.session.create_loader)
        patch.setattr(botocore.session, "create_loader", cached_loader)
        yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="session")
def s3_client(s3_endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


class S3Bucket:
    kind = "s3"

    def __init__(self, client, name):
        self.client, self.name = client, name
        self.client.create_bucket(Bucket=name)


@pytest.fixture
def s3_photos(settings, s3_endpoint, s3_client):
    """Photos in a fresh private bucket of the local S3; nothing may land under MEDIA_ROOT."""
    from penpals.storage import s3_storage

    bucket = S3Bucket(s3_client, f"penpals-{uuid.uuid4().hex[:16]}")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            bucket=bucket.name,
            endpoint_url=s3_endpoint,
            region="us-east-1",
            access_key="testing",
            secret_key="testing",
        ),
    }
    yield bucket
    written = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert written == [], f"files written under MEDIA_ROOT with S3 storage: {written}"


@pytest.fixture(params=["disk", "s3"])
def photo_storage(request):
    """The test runs twice: photos on the local disk (None), then in the local S3 (its bucket)."""
    if request.param == "disk":
        return None
    return request.getfixturevalue("s3_photos")
