"""Send documents to SUNAT until each has a verdict: never lost, never reported twice.

One attempt (``dispatch_once``):
1. claim the row (an atomic UPDATE with a lease), so two workers never send the same document;
2. if an earlier attempt ended without a clear answer (timeout, dropped connection, crash),
   ask ``getStatusCdr`` first: a CDR there settles it, "not found" (0011) allows a resend;
3. mark ``uncertain`` BEFORE sending, so a worker killed mid-send leaves a row that asks first;
4. sendBill: a CDR sets the verdict; an exception 0100-1999 retries with backoff; 1032/1033
   (already registered) fetch the CDR; no answer retries after asking.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from django.conf import settings
from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .events import event_record
from .models import ElectronicDocument, EventKind, Status
from .services import electronic_apply_cdr
from .transport import SunatFault, TransportError, client_for, is_exception, is_rejection

log = logging.getLogger(__name__)
def claim_seconds() -> float:
    """How long an attempt holds its document: longer than a getStatusCdr plus a sendBill can take,
    so a live worker is never overtaken, and short enough that a dead one's document comes back."""
    return 2 * sunat_timeout() + 10


def sunat_timeout() -> float:
    return float(getattr(settings, "YUPANA_SUNAT_TIMEOUT", os.environ.get("YUPANA_SUNAT_TIMEOUT", 30)))


PENDING = (Status.ISSUED, Status.SENT)


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff from YUPANA_SUNAT_RETRY_BASE seconds (5) up to 15 minutes."""
    base = float(getattr(settings, "YUPANA_SUNAT_RETRY_BASE", os.environ.get("YUPANA_SUNAT_RETRY_BASE", 5)))
    return dt.timedelta(seconds=min(base * (2 ** max(0, attempts - 1)), 900))


def _claim(pk: int) -> tuple[ElectronicDocument | None, bool]:
    """Take the document for one attempt: (row, already marked as being sent).

    A document whose last attempt ended cleanly is claimed and marked ``uncertain`` / ``enviado``
    in the same UPDATE (the mark must precede the send, and one statement does both); one left
    uncertain is only claimed, so the attempt asks getStatusCdr before sending again."""
    now = timezone.now()
    claimable = (ElectronicDocument.objects.filter(pk=pk, status__in=PENDING, via_summary=False)
                 .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))
    lease = now + dt.timedelta(seconds=claim_seconds())
    marked = claimable.filter(uncertain=False).update(claimed_until=lease, **_sending_mark(now))
    if not marked and not claimable.update(claimed_until=lease):
        return None, False
    return ElectronicDocument.objects.select_related("document", "company").get(pk=pk), bool(marked)


def _sending_mark(now) -> dict:
    """What an attempt writes before it sends: uncertain until an answer, one more attempt."""
    return {"uncertain": True, "attempts": F("attempts") + 1, "status": Status.SENT,
            "sent_at": Coalesce(F("sent_at"), Value(now, output_field=DateTimeField()))}


def _release(electronic: ElectronicDocument, **fields) -> None:
    ElectronicDocument.objects.filter(pk=electronic.pk).update(claimed_until=None, **fields)


def _schedule_retry(electronic: ElectronicDocument, reason: str, *, uncertain: bool, status: str) -> dt.datetime:
    when = timezone.now() + retry_delay(electronic.attempts)
    _release(electronic, next_attempt_at=when, uncertain=uncertain, status=status, last_error=reason[:1000])
    event_record(document=electronic.document, kind=EventKind.RETRY,
                 message=f"{reason}. Nuevo intento a las {timezone.localtime(when):%H:%M:%S}.")
    return when


def _ask_cdr(client, electronic: ElectronicDocument) -> bool:
    """getStatusCdr: True when SUNAT had the document and its CDR is now stored."""
    doc = electronic.document
    answer = client.get_status_cdr(electronic.company.ruc, doc.doc_type, doc.series_code, doc.number)
    found = bool(answer.content)
    event_record(document=doc, kind=EventKind.STATUS_CHECK, code=answer.code,
                 message="SUNAT tiene el comprobante: se guarda su CDR" if found
                 else f"SUNAT no lo tiene registrado ({answer.code} {answer.message}): se envía")
    if found:
        electronic_apply_cdr(electronic, answer.content, via="getStatusCdr")
    return found


def dispatch_once(pk: int, *, timeout: float | None = None) -> str | None:
    """One attempt for one document; returns its state afterwards (None if not ours to send now)."""
    electronic, marked = _claim(pk)
    if electronic is None:
        return None
    client = client_for(electronic.company, timeout=timeout)
    doc = electronic.document
    try:
        if not marked:
            if _ask_cdr(client, electronic):
                return electronic.status
            ElectronicDocument.objects.filter(pk=pk).update(**_sending_mark(timezone.now()))
            electronic.attempts += 1
        event_record(document=doc, kind=EventKind.SENT, message=f"sendBill {electronic.name}.zip "
                     f"(intento {electronic.attempts})")
        cdr_zip = client.send_bill(electronic.name + ".zip", bytes(electronic.zip))
    except SunatFault as fault:
        if fault.code in ("1032", "1033"):
            try:
                if _ask_cdr(client, electronic):
                    return electronic.status
            except (SunatFault, TransportError) as exc:
                _schedule_retry(electronic, f"SUNAT ya tenía el número; la consulta falló: {exc}",
                                uncertain=True, status=Status.SENT)
                return Status.SENT
        if is_exception(fault):
            _schedule_retry(electronic, f"SUNAT no disponible o excepción {fault.code}: {fault.message}",
                            uncertain=False, status=Status.ISSUED)
            return Status.ISSUED
        if is_rejection(fault):
            _release(electronic, status=Status.REJECTED, cdr_code=fault.code, cdr_description=fault.message,
                     uncertain=False, answered_at=timezone.now(), next_attempt_at=None)
            event_record(document=doc, kind=EventKind.CDR, code=fault.code, message=f"Rechazado: {fault.message}")
            return Status.REJECTED
        _schedule_retry(electronic, f"Respuesta inesperada {fault.code}: {fault.message}", uncertain=True,
                        status=Status.SENT)
        return Status.SENT
    except TransportError as exc:
        _schedule_retry(electronic, f"Sin respuesta de SUNAT ({exc})", uncertain=True, status=Status.SENT)
        return Status.SENT
    cdr = electronic_apply_cdr(electronic, cdr_zip)
    log.info("%s: %s %s", electronic.name, cdr.code, cdr.outcome.value)
    return electronic.status


def due_documents(now=None):
    """Documents waiting for an attempt whose time has come and that no worker holds."""
    now = now or timezone.now()
    return (ElectronicDocument.objects.filter(status__in=PENDING, via_summary=False)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("issued_at").values_list("pk", flat=True))


DRAINERS = 2  # one per worker we expect; each dispatch task also drains every due document


def _waiting_tasks() -> dict[str, int]:
    """READY tasks per path, for the dispatch drainers and the heartbeat, in one query.

    A task queued to run at once is stored with django-tasks-db's far-future ``run_after``
    (``get_date_max``), which counts as ready. Plain SQL: every sale runs it after its commit, and
    building it with the ORM cost three times the query itself."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult, get_date_max

    from .tasks import dispatch_document, sunat_heartbeat

    dispatch_path, heartbeat_path = (f"{t.func.__module__}.{t.func.__qualname__}"
                                     for t in (dispatch_document, sunat_heartbeat))
    table = connection.ops.quote_name(DBTaskResult._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT task_path, COUNT(*) FROM {table} WHERE status = 'READY' AND ("
            f"(task_path = %s AND (run_after <= %s OR run_after = %s)) OR task_path = %s) GROUP BY task_path",
            [dispatch_path, connection.ops.adapt_datetimefield_value(timezone.now()),
             connection.ops.adapt_datetimefield_value(get_date_max()), heartbeat_path])
        counts = dict(cursor.fetchall())
    return {"dispatch": counts.get(dispatch_path, 0), "heartbeat": counts.get(heartbeat_path, 0)}


def enqueue_dispatch(pk: int, run_after: dt.datetime | None = None) -> None:
    """Queue a dispatch task, unless enough tasks are already waiting to run (each drains the queue),
    and make sure the heartbeat chain is alive. One query when nothing needs queueing."""
    from .tasks import dispatch_document, ensure_heartbeat

    if run_after is not None:
        dispatch_document.using(run_after=run_after).enqueue(pk)
        ensure_heartbeat()
        return
    waiting = _waiting_tasks()
    if waiting["dispatch"] < DRAINERS:
        dispatch_document.enqueue(pk)
    ensure_heartbeat(waiting=waiting["heartbeat"] > 0)
