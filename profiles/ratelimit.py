"""A per-address rate limit on public forms, kept in the shared cache, and the one definition of
the client's address that every rate limit uses (allauth's too, through the account adapter).

Counts are fixed windows with atomic increments (`cache.add` then `cache.incr`), so several
workers and servers share one count.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request):
    """The client's IP address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
    address the outermost of them saw (X-Forwarded-For's entry that many from the right).

    Entries further left are whatever the client wrote and are never read.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def hit(scope, address, *, limit, window):
    """Count one attempt; True when the address is over `limit` attempts in `window` seconds."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{address}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count > limit


def too_many_attempts_page(request, *, reason, window, offer_password_reset=False):
    """The one 429 page, with the reason in plain words and when to try again."""
    response = render(
        request,
        "429.html",
        {
            "reason": reason,
            "retry_after_minutes": max(1, window // 60),
            "offer_password_reset": offer_password_reset,
        },
        status=429,
    )
    response["Retry-After"] = str(window)
    return response
