"""Site-wide pages: home, the plain-words pages in the footer, and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


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
