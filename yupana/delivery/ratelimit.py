"""A fixed-window rate limit on Django's cache, for public pages (lookup, statements, quotations).

Configure a shared cache (database or Redis) when running several processes; the default
per-process cache limits each process on its own.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def client_ip(request) -> str:
    """The caller's address; behind a proxy, the last hop the proxy appended (not spoofable first)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit; False when ``key`` already used its ``limit`` hits in this ``window`` (seconds)."""
    bucket = int(time.time() // window)
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    name = f"ratelimit:{scope}:{digest}:{bucket}"
    if cache.add(name, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window + 5)
        return True
    return count <= limit
