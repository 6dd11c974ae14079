"""Register endpoints and record deliveries; each delivery is sent by the ``webhook_deliver`` task."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from yupana.audit.services import audit_record
from yupana.companies.crypto import decrypt_text, encrypt

from ..models import WebhookDelivery, WebhookEndpoint, WebhookEvent


def endpoint_create(*, company, user, url: str, events: list[str]) -> tuple[WebhookEndpoint, str]:
    """The endpoint and its signing secret (shown once to the administrator)."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"url": "URL inválida: debe empezar con http:// o https://."}) from None
    chosen = [e for e in WebhookEvent.values if e in set(events or [])]
    if not chosen:
        raise ValidationError({"events": "Elija al menos un evento."})
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    endpoint = WebhookEndpoint.objects.create(company=company, url=url[:500], events=chosen, secret=encrypt(secret))
    audit_record(company=company, user=user, action="crear", instance=endpoint, changes={"webhook": [None, url]})
    return endpoint, secret


def endpoint_secret(endpoint: WebhookEndpoint) -> str:
    return decrypt_text(endpoint.secret)


def endpoint_set_active(*, endpoint: WebhookEndpoint, user, active: bool) -> None:
    endpoint.is_active = active
    endpoint.save(update_fields=["is_active"])
    audit_record(company=endpoint.company, user=user, action="activar" if active else "desactivar", instance=endpoint)


def emit(*, company_id: int, event: str, data: dict) -> list[WebhookDelivery]:
    """One delivery per active endpoint of the company subscribed to ``event``, queued on commit."""
    from .tasks import webhook_deliver

    endpoints = [e for e in WebhookEndpoint.objects.filter(company_id=company_id, is_active=True)
                 if event in e.events]
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(company_id=company_id, endpoint=endpoint, event=event, payload={})
        delivery.payload = {"id": delivery.pk, "event": event, "created_at": timezone.now().isoformat(), "data": data}
        delivery.save(update_fields=["payload"])
        transaction.on_commit(lambda pk=delivery.pk: webhook_deliver.enqueue(pk))
        deliveries.append(delivery)
    return deliveries


def delivery_retry(*, delivery: WebhookDelivery) -> None:
    """Send again by hand (from the deliveries page), whatever the last outcome."""
    from .tasks import webhook_deliver

    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="pendiente", next_attempt_at=None)
    transaction.on_commit(lambda: webhook_deliver.enqueue(delivery.pk))
