"""One attempt to POST a delivery; failures are retried with exponential backoff through the task queue."""

from __future__ import annotations

import datetime as dt
import json
import os

import httpx
from django.conf import settings
from django.utils import timezone

from ..models import DeliveryStatus, WebhookDelivery
from .services import endpoint_secret
from .signing import signature

MAX_ATTEMPTS = 8
TIMEOUT = 10.0


def retry_base() -> float:
    return float(getattr(settings, "YUPANA_WEBHOOK_RETRY_BASE", os.environ.get("YUPANA_WEBHOOK_RETRY_BASE", 30)))


def retry_delay(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min ... capped at 6 hours."""
    return dt.timedelta(seconds=min(retry_base() * 2 ** max(attempts - 1, 0), 6 * 3600))


def deliver_once(pk: int) -> dt.datetime | None:
    """Send ``pk`` once; returns when to try again (None when delivered, failed for good or gone)."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=pk).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "Yupana-Webhooks/1",
               "X-Yupana-Event": delivery.event, "X-Yupana-Delivery": str(delivery.pk),
               "X-Yupana-Signature": signature(endpoint_secret(delivery.endpoint), body)}
    status_code, text, error = None, "", ""
    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
            response = client.post(delivery.endpoint.url, content=body, headers=headers)
        status_code, text = response.status_code, response.text[:2000]
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500] or "sin respuesta"
    attempts = delivery.attempts + 1
    fields = {"attempts": attempts, "response_status": status_code, "response_body": text, "error": error}
    retry_at = None
    if status_code is not None and 200 <= status_code < 300:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=timezone.now(), next_attempt_at=None)
    elif attempts >= MAX_ATTEMPTS or not delivery.endpoint.is_active:
        fields.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    else:
        retry_at = timezone.now() + retry_delay(attempts)
        fields.update(next_attempt_at=retry_at)
    WebhookDelivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(**fields)
    return retry_at
