import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_after_a_database_round_trip(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"


@pytest.mark.django_db(transaction=True)
def test_readyz_is_ok_when_database_cache_and_storage_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_readyz_names_the_database_when_it_fails(client, monkeypatch):
    from django.db import connections

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # On the class: the check runs in its own thread, with its own connection.
    monkeypatch.setattr(type(connections["default"]), "cursor", refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content.decode().splitlines() == ["not ready", "database: OperationalError"]


@pytest.mark.django_db(transaction=True)
def test_readyz_names_the_cache_when_it_fails(client, monkeypatch):
    from django.core.cache import cache

    def refuse(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(type(cache._connections["default"]), "set", refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert "cache: ConnectionError" in response.content.decode()
    assert "database" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_readyz_names_a_storage_that_does_not_answer_in_time(client, monkeypatch):
    import time

    from django.core.files.storage import FileSystemStorage

    monkeypatch.setattr("penpals.views.READY_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(FileSystemStorage, "exists", lambda self, name: time.sleep(2))

    started = time.monotonic()
    response = client.get("/readyz")

    assert time.monotonic() - started < 1.5
    assert response.status_code == 503
    assert "storage: no answer within 0.5 s" in response.content.decode()
