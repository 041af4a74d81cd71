"""The one check for every `next` parameter: a redirect may only go to a path on this site.

Used by the project's own views (`next_url`) and by django-allauth's sign-in, sign-up and
admin sign-in pages (through `AccountAdapter.is_safe_url`), so every `next` obeys one rule.
"""

import unicodedata

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_path(request, url):
    """True for a path on this site ("/letters/"), never for another host ("//evil.example"),
    a scheme ("javascript:"), a bare word ("hello", which `redirect()` would try as a view
    name) or a control character anywhere (a NUL or a line break in a Location header)."""
    if not url or not url.startswith("/"):
        return False
    if any(unicodedata.category(char).startswith("C") for char in url):
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request, default):
    """The request's `next` (form field first, then query string) if it is safe, otherwise
    `default`: a URL name, a path or a model with get_absolute_url."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if is_safe_path(request, candidate) else resolve_url(default)
