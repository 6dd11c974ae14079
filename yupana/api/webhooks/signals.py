"""Business events -> webhook deliveries, by listening to the rows other apps already write.

A document's verdict and its voiding are timeline events (``einvoicing.DocumentEvent`` kinds ``cdr``
and ``anulado``), a payment is a new ``receivables.Payment`` and an accepted quotation a
``quotations.QuotationEvent`` of kind ``aceptada``; so no other app needs to call us. The
deliveries are created after the commit, when the document's state is final."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save

from ..models import WebhookEvent, WebhookEndpoint

STATE_EVENTS = {"aceptado": WebhookEvent.DOCUMENT_ACCEPTED, "observado": WebhookEvent.DOCUMENT_OBSERVED,
                "rechazado": WebhookEvent.DOCUMENT_REJECTED, "anulado": WebhookEvent.DOCUMENT_VOIDED}


def _subscribed(company_id: int) -> bool:
    return WebhookEndpoint.objects.filter(company_id=company_id, is_active=True).exists()


def _document_verdict(document_id: int, kind: str) -> None:
    from yupana.sales.models import SaleDocument

    from ..documents import document_out
    from .services import emit

    document = SaleDocument.objects.select_related("electronic", "reference").filter(pk=document_id).first()
    if document is None or getattr(document, "electronic", None) is None:
        return
    status = document.electronic.status
    if kind == "anulado" and status != "anulado":
        return
    event = STATE_EVENTS.get(status)
    if event is not None:
        emit(company_id=document.company_id, event=event, data=_plain(document_out(document)))


def _plain(value):
    """JSON-safe copy (Decimal -> string, dates -> ISO)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def on_document_event(sender, instance, created, **kwargs):
    if created and instance.kind in ("cdr", "anulado") and _subscribed(instance.company_id):
        transaction.on_commit(lambda: _document_verdict(instance.document_id, instance.kind))


def on_payment(sender, instance, created, **kwargs):
    if not created or not _subscribed(instance.company_id):
        return
    from .services import emit

    data = {"id": instance.pk, "number": instance.number, "date": instance.date,
            "customer": {"id": instance.customer_id, "name": str(instance.customer)},
            "method": instance.method, "reference": instance.reference, "currency": instance.currency,
            "amount": instance.amount}
    transaction.on_commit(lambda: emit(company_id=instance.company_id, event=WebhookEvent.PAYMENT_RECORDED,
                                       data=_plain(data)))


def on_quotation_event(sender, instance, created, **kwargs):
    if not created or instance.kind != "aceptada" or not _subscribed(instance.company_id):
        return
    from .services import emit

    quotation = instance.quotation
    data = {"id": quotation.pk, "code": quotation.code, "customer": quotation.customer_name,
            "currency": quotation.currency, "total": quotation.total, "accepted_by": quotation.accepted_by,
            "at": instance.at}
    transaction.on_commit(lambda: emit(company_id=instance.company_id, event=WebhookEvent.QUOTATION_ACCEPTED,
                                       data=_plain(data)))


def _connect(label: str, handler) -> None:
    try:
        model = apps.get_model(label)
    except LookupError:  # the app is not installed in this deployment
        return
    post_save.connect(handler, sender=model, dispatch_uid=f"api-webhooks-{label}")


_connect("einvoicing.DocumentEvent", on_document_event)
_connect("receivables.Payment", on_payment)
_connect("quotations.QuotationEvent", on_quotation_event)
