"""HMAC-SHA256 signature of a delivery: ``X-Yupana-Signature: t=<unix>,v1=<hex>`` over ``"<t>.<body>"``.

The timestamp inside the signed text lets a receiver refuse replays (e.g. older than 5 minutes)."""

from __future__ import annotations

import hashlib
import hmac
import time


def signature(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, body: bytes, header: str, *, tolerance: int = 300, now: float | None = None) -> bool:
    """What a receiver does (used by the tests and shown in docs/api.md)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = signature(secret, body, timestamp)
    return hmac.compare_digest(expected, header)
