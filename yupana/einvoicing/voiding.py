""""Anular": an RA for facturas and their notes, an RC line with status 3 for boletas and theirs.

Refused past SUNAT's window (7 calendar days from the issue date, as the reference
implementations apply it) or when the document is not accepted.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .batches import batch_create
from .events import event_record
from .models import ACCEPTED_STATES, BatchKind, ElectronicDocument, EventKind, Status

VOID_DAYS = 7


class VoidRefused(Exception):
    pass


def void_deadline(document) -> dt.date:
    return document.issue_date + dt.timedelta(days=VOID_DAYS)


def void_request(*, company, user, document, reason: str, today: dt.date | None = None):
    """Start the voiding of ``document``; returns the RA/RC batch sent to SUNAT."""
    today = today or timezone.localdate()
    reason = " ".join((reason or "").split())
    if len(reason) < 3:
        raise VoidRefused("Indique el motivo de la baja (al menos 3 caracteres).")
    if len(reason) > 100:
        raise VoidRefused("El motivo de la baja admite como máximo 100 caracteres.")
    with transaction.atomic():
        electronic = ElectronicDocument.objects.select_for_update().get(document=document, company=company)
        if electronic.status not in ACCEPTED_STATES:
            raise VoidRefused(f"Solo se anula un comprobante aceptado por SUNAT (este está "
                              f"{Status(electronic.status).label.lower()}).")
        deadline = void_deadline(document)
        if today > deadline:
            raise VoidRefused(f"El plazo de SUNAT para dar de baja este comprobante venció el {deadline:%d/%m/%Y} "
                              f"({VOID_DAYS} días desde su emisión). Emita una nota de crédito por anulación "
                              f"de la operación (motivo 01).")
        kind = BatchKind.SUMMARY if document.series_code.startswith("B") else BatchKind.VOIDED
        batch = batch_create(company=company, kind=kind, reference_date=document.issue_date,
                             entries=[(electronic, "3", reason)], issue_date=today)
        ElectronicDocument.objects.filter(pk=electronic.pk).update(status=Status.VOIDING, voiding_at=timezone.now())
        event_record(document=document, kind=EventKind.VOID_REQUESTED, user=user,
                     message=f"Baja solicitada ({batch.name}): {reason}")
        from .tasks import enqueue_batch

        transaction.on_commit(lambda: enqueue_batch(batch.pk))
    return batch
