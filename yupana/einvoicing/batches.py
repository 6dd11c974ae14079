"""Daily summaries (RC) and voided communications (RA): build, send for a ticket, poll the ticket.

RC lines: status 1 adds a boleta (or boleta note), status 3 voids one. RA lines void facturas and
their notes. While a ticket answers 98 the batch stays ``en_proceso`` and is asked again later;
a summary is never re-sent while its ticket is unresolved (SUNAT would answer 2223).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from yupana.sunat import build as sunat_build
from yupana.sunat import cdr as sunat_cdr
from yupana.sunat import model as sunat
from yupana.sunat import taxes
from yupana.sunat.catalogs import SummaryStatus

from . import mapping
from .dispatch import claim_seconds, retry_delay
from .events import event_record
from .models import (BatchKind, BatchLine, BatchStatus, ElectronicDocument, EventKind, Status, SummaryBatch)
from .signer import signer_for
from .transport import SunatFault, TransportError, client_for, is_rejection

MAX_LINES = 500


def _next_sequence(company, kind: str, issue_date: dt.date) -> int:
    last = (SummaryBatch.objects.for_company(company).filter(kind=kind, issue_date=issue_date)
            .aggregate(m=Max("sequence"))["m"])
    return (last or 0) + 1


def _summary_line(electronic: ElectronicDocument, status: str) -> sunat.SummaryLine:
    document = electronic.document
    doc = mapping.document_to_model(document, list(document.lines.all()), list(document.installments.all()))
    return taxes.summary_line(taxes.compute(doc), SummaryStatus.of(status))


@transaction.atomic
def batch_create(*, company, kind: str, reference_date: dt.date, entries: list[tuple[ElectronicDocument, str, str]],
                 issue_date: dt.date | None = None) -> SummaryBatch:
    """An RC or RA for ``entries`` of (document, line status, reason), signed and stored (pending)."""
    issue_date = issue_date or timezone.localdate()
    sequence = _next_sequence(company, kind, issue_date)
    issuer = mapping.issuer_from_company(company)
    if kind == BatchKind.SUMMARY:
        model = sunat.Summary(issuer=issuer, issue_date=issue_date, reference_date=reference_date, sequence=sequence,
                              lines=tuple(_summary_line(e, status) for e, status, _ in entries))
    else:
        model = sunat.Voided(issuer=issuer, issue_date=issue_date, reference_date=reference_date, sequence=sequence,
                             lines=tuple(sunat.VoidedLine(doc_type=e.document.doc_type, series=e.document.series_code,
                                                          number=e.document.number, reason=reason)
                                         for e, _, reason in entries))
    built = sunat_build.build(model, signer_for(company))
    batch = SummaryBatch.objects.create(company=company, kind=kind, issue_date=issue_date,
                                        reference_date=reference_date, sequence=sequence, name=built.name,
                                        xml=built.xml, zip=built.zip, next_attempt_at=timezone.now())
    BatchLine.objects.bulk_create([BatchLine(batch=batch, electronic=e, line_status=status, reason=reason)
                                   for e, status, reason in entries])
    for electronic, status, _ in entries:
        if status == SummaryStatus.ADD.value:
            event_record(document=electronic.document, kind=EventKind.IN_SUMMARY,
                         message=f"Incluido en el resumen diario {built.name}")
    return batch


def pending_summary_documents(company, *, before: dt.date | None = None):
    """Boletas (and boleta notes) waiting for the daily summary, not yet in an RC."""
    rows = (ElectronicDocument.objects.for_company(company).filter(via_summary=True, status=Status.ISSUED)
            .exclude(batch_lines__batch__kind=BatchKind.SUMMARY, batch_lines__line_status="1",
                     batch_lines__batch__status__in=[BatchStatus.PENDING, BatchStatus.WAITING, BatchStatus.ACCEPTED])
            .select_related("document").order_by("document__issue_date", "document__series_code", "document__number"))
    if before is not None:
        rows = rows.filter(document__issue_date__lt=before)
    return rows


def summaries_create(company, *, before: dt.date | None = None) -> list[SummaryBatch]:
    """One RC per reference date (at most 500 lines each) for the boletas still to inform."""
    by_date: dict[dt.date, list[ElectronicDocument]] = {}
    for electronic in pending_summary_documents(company, before=before):
        by_date.setdefault(electronic.document.issue_date, []).append(electronic)
    batches = []
    for day, items in sorted(by_date.items()):
        for start in range(0, len(items), MAX_LINES):
            chunk = items[start:start + MAX_LINES]
            batches.append(batch_create(company=company, kind=BatchKind.SUMMARY, reference_date=day,
                                        entries=[(e, "1", "") for e in chunk]))
    return batches


def _claim(pk: int) -> SummaryBatch | None:
    now = timezone.now()
    done = (SummaryBatch.objects.filter(pk=pk, status__in=[BatchStatus.PENDING, BatchStatus.WAITING])
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(claimed_until=now + dt.timedelta(seconds=claim_seconds())))
    return SummaryBatch.objects.select_related("company").get(pk=pk) if done else None


def _later(batch: SummaryBatch, reason: str, **fields) -> None:
    SummaryBatch.objects.filter(pk=batch.pk).update(
        claimed_until=None, next_attempt_at=timezone.now() + retry_delay(batch.attempts + 1),
        attempts=batch.attempts + 1, last_error=reason[:1000], **fields)


def _settle(batch: SummaryBatch, cdr_bytes: bytes | None, code: str, description: str, accepted: bool) -> None:
    now = timezone.now()
    with transaction.atomic():
        SummaryBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.ACCEPTED if accepted else BatchStatus.REJECTED, cdr=cdr_bytes, cdr_code=code,
            cdr_description=description, answered_at=now, claimed_until=None, next_attempt_at=None)
        for line in batch.lines.select_related("electronic__document"):
            electronic = line.electronic
            document = electronic.document
            if line.line_status == "3" or batch.kind == BatchKind.VOIDED:
                if accepted:
                    ElectronicDocument.objects.filter(pk=electronic.pk).update(status=Status.VOIDED, voided_at=now)
                    event_record(document=document, kind=EventKind.VOIDED, code=code,
                                 message=f"Anulado: SUNAT aceptó {batch.name}")
                    from yupana.inventory.services import stock_void_restore

                    stock_void_restore(document=document)
                else:
                    back = Status.OBSERVED if electronic.cdr_notes else Status.ACCEPTED
                    ElectronicDocument.objects.filter(pk=electronic.pk).update(status=back, voiding_at=None)
                    event_record(document=document, kind=EventKind.CDR, code=code,
                                 message=f"SUNAT rechazó la baja ({batch.name}): {description}")
            else:
                status = Status.ACCEPTED if accepted else Status.REJECTED
                ElectronicDocument.objects.filter(pk=electronic.pk).update(
                    status=status, cdr=cdr_bytes, cdr_code=code, answered_at=now,
                    cdr_description=f"{'Aceptado' if accepted else 'Rechazado'} en el resumen {batch.name}: {description}")
                event_record(document=document, kind=EventKind.CDR, code=code,
                             message=f"{Status(status).label} en el resumen {batch.name}: {description}")
                if accepted:
                    from yupana.delivery.services import document_accepted  # e-mail on acceptance (company setting)

                    transaction.on_commit(lambda pk=electronic.pk: document_accepted(pk))


def batch_dispatch_once(pk: int, *, timeout: float | None = None) -> str | None:
    """Send a pending batch for its ticket, or ask the ticket of a batch in process."""
    batch = _claim(pk)
    if batch is None:
        return None
    client = client_for(batch.company, timeout=timeout)
    try:
        if batch.status == BatchStatus.PENDING:
            # Marked before sending: if the answer is lost, a resend that SUNAT answers with 2223
            # ("already presented") is reconciled by asking about each document.
            SummaryBatch.objects.filter(pk=pk).update(uncertain=True)
            try:
                ticket = client.send_summary(batch.name + ".zip", bytes(batch.zip))
            except SunatFault as fault:
                if fault.code == "2223" and batch.uncertain:
                    return _reconcile_lost_answer(batch, client)
                if fault.code == "2223" or is_rejection(fault):
                    _settle(batch, None, fault.code, fault.message, accepted=False)
                    return BatchStatus.REJECTED
                raise
            SummaryBatch.objects.filter(pk=pk).update(ticket=ticket, status=BatchStatus.WAITING, uncertain=False,
                                                      claimed_until=None, next_attempt_at=timezone.now())
            for line in batch.lines.select_related("electronic__document"):
                ElectronicDocument.objects.filter(pk=line.electronic_id, status=Status.ISSUED).update(
                    status=Status.SENT, sent_at=timezone.now())
                event_record(document=line.electronic.document, kind=EventKind.SENT,
                             message=f"sendSummary {batch.name}: ticket {ticket}")
            return BatchStatus.WAITING
        answer = client.get_status(batch.ticket)
    except SunatFault as fault:
        _later(batch, f"SUNAT {fault.code}: {fault.message}")
        return batch.status
    except TransportError as exc:
        _later(batch, f"Sin respuesta de SUNAT ({exc})")
        return batch.status
    if answer.code == "98" or not answer.content:
        _later(batch, "Ticket en proceso (98)")
        return BatchStatus.WAITING
    cdr = sunat_cdr.parse(answer.content)
    _settle(batch, answer.content, cdr.code, cdr.description, accepted=cdr.accepted)
    return BatchStatus.ACCEPTED if cdr.accepted else BatchStatus.REJECTED


def _reconcile_lost_answer(batch: SummaryBatch, client) -> str:
    """The first send got no answer and SUNAT now says it already has this RC/RA (2223): its ticket
    is lost, so ask SUNAT about each document instead of sending anything again."""
    ruc = batch.company.ruc
    now = timezone.now()
    pending = []
    for line in batch.lines.select_related("electronic__document"):
        document = line.electronic.document
        code, message = client.consult(ruc, document.doc_type, document.series_code, document.number)
        wanted = "0003" if (line.line_status == "3" or batch.kind == BatchKind.VOIDED) else "0001"
        if code == "0011" or (code == "0001" and wanted == "0003"):
            pending.append(code)  # not processed yet: ask again later
            continue
        if code == wanted:
            status = Status.VOIDED if wanted == "0003" else Status.ACCEPTED
            fields = {"voided_at": now} if status == Status.VOIDED else {
                "answered_at": now, "cdr_code": "0", "cdr_description": f"Aceptado en el resumen {batch.name} (consulta)"}
            ElectronicDocument.objects.filter(pk=line.electronic_id).update(status=status, **fields)
        event_record(document=document, kind=EventKind.STATUS_CHECK, code=code,
                     message=f"Respuesta de {batch.name} perdida; consulta a SUNAT: {message or code}")
    if pending:
        _later(batch, "Respuesta perdida; SUNAT aún no registra todos los comprobantes (se consultará de nuevo)")
        return batch.status
    SummaryBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.ACCEPTED, cdr_code="0", uncertain=False, claimed_until=None, next_attempt_at=None,
        answered_at=now, cdr_description="Ticket perdido: estado de cada comprobante confirmado por consulta")
    return BatchStatus.ACCEPTED


def due_batches(now=None):
    now = now or timezone.now()
    return (SummaryBatch.objects.filter(status__in=[BatchStatus.PENDING, BatchStatus.WAITING])
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("created_at").values_list("pk", flat=True))
