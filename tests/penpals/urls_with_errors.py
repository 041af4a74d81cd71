"""The real URLconf plus views that fail on purpose, to render the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from penpals.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("crafted request")


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test/403/", forbidden),
    path("test/400/", suspicious),
    path("test/500/", broken),
    *site_urlpatterns,
]
