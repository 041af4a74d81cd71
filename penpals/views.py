"""Site-wide pages: home, the plain-words pages in the footer, and the health checks."""

import secrets
from concurrent.futures import ThreadPoolExecutor, wait

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, connections
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.i18n import JavaScriptCatalog


def home(request):
    """The front page: what Penpals is, who it is for, and how it keeps people safe."""
    return render(request, "home.html")


def about(request):
    """Who runs Penpals and how listings are checked."""
    return render(request, "pages/about.html")


def privacy(request):
    """What Penpals stores about families, writers and listed people, and for how long."""
    return render(request, "pages/privacy.html")


def safety(request):
    """Safety guidance for writers and families: money, scams, addresses, reporting."""
    return render(request, "pages/safety.html")


@never_cache
def healthz(request):
    """`ok` after a cheap database round trip; 503 with a short reason when it fails."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


# Each part must answer within this many seconds for the server to be ready.
READY_TIMEOUT_SECONDS = 2


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connections.close_all()  # this thread's own connection


def _cache_answers():
    token = secrets.token_hex(8)
    cache.set("readyz", token, 30)
    if cache.get("readyz") != token:
        raise RuntimeError("the cache did not keep a value")


def _storage_answers():
    default_storage.exists("readyz-probe")  # a missing file is an answer; an error is not


READY_CHECKS = {
    "database": _database_answers,
    "cache": _cache_answers,
    "storage": _storage_answers,
}


@never_cache
def readyz(request):
    """`ok` when the database, the cache and the photo storage each answer within
    READY_TIMEOUT_SECONDS; otherwise 503 naming the parts that did not (for deploys and load
    balancers that take a server out of rotation; /healthz stays the cheap liveness check)."""
    executor = ThreadPoolExecutor(max_workers=len(READY_CHECKS), thread_name_prefix="readyz")
    futures = {name: executor.submit(check) for name, check in READY_CHECKS.items()}
    wait(futures.values(), timeout=READY_TIMEOUT_SECONDS)
    # A check still hanging is left to finish on its own: the answer does not wait for it.
    executor.shutdown(wait=False, cancel_futures=True)
    problems = []
    for name, future in futures.items():
        if not future.done():
            problems.append(f"{name}: no answer within {READY_TIMEOUT_SECONDS} s")
        elif future.exception() is not None:
            problems.append(f"{name}: {type(future.exception()).__name__}")
    if problems:
        return HttpResponse(
            "not ready\n" + "\n".join(problems), status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")


# The JavaScript catalogue (djangojs.po) for the page's language, served by the site itself so
# that no page loads anything from elsewhere; only the pages whose scripts have words load it.
javascript_catalog = JavaScriptCatalog.as_view()
