"""Webhook registration through the API too (a script can set up its own receiver); same services as the app."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import Field

from ..auth import require_issue
from ..errors import ApiError, not_found
from ..models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from ..schemas import ErrorOut, Strict
from .services import endpoint_create, endpoint_set_active

router = Router(tags=["Webhooks"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut}
EventName = Literal[tuple(WebhookEvent.values)]


class WebhookIn(Strict):
    url: Annotated[str, Field(min_length=1, max_length=500)]
    events: Annotated[list[EventName], Field(min_length=1, max_length=6)]


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    is_active: bool
    created_at: dt.datetime


class WebhookCreated(WebhookOut):
    secret: str


class DeliveryOut(Schema):
    id: int
    event: str
    status: str
    attempts: int
    response_status: int | None
    response_body: str
    error: str
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    next_attempt_at: dt.datetime | None


def _out(endpoint) -> dict:
    return {"id": endpoint.pk, "url": endpoint.url, "events": endpoint.events, "is_active": endpoint.is_active,
            "created_at": endpoint.created_at}


def _one(company, pk) -> WebhookEndpoint:
    found = WebhookEndpoint.objects.for_company(company).filter(pk=pk).first()
    if found is None:
        raise not_found("El webhook")
    return found


@router.post("/webhooks", response={201: WebhookCreated, **ERRORS}, summary="Registrar un webhook",
             operation_id="webhook_create")
def webhook_create(request, payload: WebhookIn):
    """Devuelve el secreto de firma una sola vez."""
    p = require_issue(request)
    try:
        endpoint, secret = endpoint_create(company=p.company, user=p.user, url=payload.url, events=payload.events)
    except DjangoValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise ApiError(422, f"{name}: {messages[0]}", name) from None
    return Reply(201, {**_out(endpoint), "secret": secret})


@router.get("/webhooks", response={200: list[WebhookOut], **ERRORS}, summary="Listar webhooks",
            operation_id="webhook_list")
def webhook_list(request):
    return Reply(200, [_out(e) for e in WebhookEndpoint.objects.for_company(request.auth.company)])


@router.delete("/webhooks/{webhook_id}", response={200: WebhookOut, **ERRORS}, summary="Desactivar un webhook",
               operation_id="webhook_deactivate")
def webhook_deactivate(request, webhook_id: int):
    p = require_issue(request)
    endpoint = _one(p.company, webhook_id)
    endpoint_set_active(endpoint=endpoint, user=p.user, active=False)
    return Reply(200, _out(endpoint))


@router.get("/webhooks/{webhook_id}/deliveries", response={200: list[DeliveryOut], **ERRORS},
            summary="Entregas de un webhook (últimas 100) con sus respuestas", operation_id="webhook_deliveries")
def webhook_deliveries(request, webhook_id: int):
    endpoint = _one(request.auth.company, webhook_id)
    rows = WebhookDelivery.objects.for_company(request.auth.company).filter(endpoint=endpoint)[:100]
    return Reply(200, [{f: getattr(d, f) for f in DeliveryOut.model_fields if f != "id"} | {"id": d.pk} for d in rows])
