"""A per-address rate limit on public forms, kept in the shared cache.

Counts are fixed windows with atomic increments (`cache.add` then `cache.incr`), so several
workers share one count. The address is REMOTE_ADDR only: X-Forwarded-For is whatever the client
wants it to be. Behind a proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn's
--forwarded-allow-ips with a trusted proxy), not this code.
"""

import time

from django.core.cache import cache
from django.shortcuts import render


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")


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


def too_many_attempts(request, *, reason, window):
    response = render(
        request,
        "429.html",
        {"reason": reason, "retry_after_minutes": max(1, window // 60)},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response
