"""Compressed pages, except where compression could give a secret away; the page's language."""

from django.conf import settings
from django.middleware import locale
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

COMPRESSIBLE_TYPES = ("text/", "application/json", "image/svg+xml")


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, minus the pages whose address is a secret.

    BREACH recovers a secret from a compressed HTTPS response by watching its length while
    the attacker's own text (a search term, a link) sits beside it, over many requests. Since
    Django 4.2 this middleware pads every response with up to 100 random bytes ("Heal the
    Breach"), which blunts the measurement; Django's CSRF token is masked anew in every
    response, so it never repeats. The family's status link and allauth's e-mail confirmation
    and password-reset keys do repeat, on every page they open: those pages are small and
    stay uncompressed. Static files are compressed ahead of time by WhiteNoise, which answers
    before this middleware runs.
    """

    SECRET_PATHS = (
        "/profiles/status/",
        "/accounts/confirm-email/",
        "/accounts/password/reset/key/",
    )

    def process_response(self, request, response):
        if request.path.startswith(self.SECRET_PATHS):
            return response
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware (the language cookie, else Accept-Language), and every response
    says Vary: Cookie too: the cookie chooses the language, so a shared cache must not give one
    visitor's Spanish page to another who asked for English.

    The admin stays in English: staff's own pages are written in English only, and half of
    them in Django's Spanish would be harder to read than all of them in English."""

    def process_request(self, request):
        super().process_request(request)
        if request.path.startswith("/admin/"):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response
