"""Build, sign, validate and store a sale document's XML; record its SUNAT state changes.

``document_prepare`` runs before the sale takes its number (with the provisional one): when SUNAT's
rules reject the document, :class:`DocumentRejected` stops the sale before anything is written, so no
number is burnt. ``document_renumber`` then signs it with the number the series gives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from yupana.sunat import build as sunat_build
from yupana.sunat import cdr as sunat_cdr
from yupana.sunat import validation
from yupana.sunat.errors import message as describe_code
from yupana.sunat.model import ValidationError as ModelError

from . import mapping
from .events import event_record, events_record
from .models import ElectronicDocument, EventKind, Status
from .signer import NoCertificate, signer_for


class DocumentRejected(Exception):
    """SUNAT's rules (or the core's model) refuse the document; ``messages`` are in Spanish."""

    def __init__(self, messages: list[str], field: str = ""):
        self.messages = messages
        self.field = field
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class Prepared:
    built: sunat_build.Built
    observations: list[tuple[str, str]]


FIELD_LABELS = {
    "customer": "cliente", "lines": "líneas", "installments": "cuotas", "number": "número",
    "series": "serie", "due_date": "vencimiento", "reason_text": "sustento", "issue_date": "fecha de emisión",
}


LINE_LABELS = {"description": "descripción", "quantity": "cantidad", "unit_price": "precio",
               "unit_value": "valor unitario", "discount": "descuento", "unit_code": "unidad",
               "affectation": "afectación del IGV", "code": "código"}


def model_error_message(error: ModelError) -> str:
    field = error.field or ""
    head = field.split(".")[0].split("[")[0]
    label = FIELD_LABELS.get(head, field)
    if field.startswith("lines[") and "]" in field:
        index = int(field[6:field.index("]")])
        sub = field[field.index("]") + 2:] if "." in field else ""
        label = f"línea {index + 1}" + (f", {LINE_LABELS.get(sub, sub)}" if sub else "")
    return f"{label}: {error.message}" if label else error.message


def document_compute(document, lines, installments=()):
    """The core's computed document (every amount) for unsaved rows; raises DocumentRejected."""
    from yupana.sunat import taxes

    try:
        return taxes.compute(mapping.document_to_model(document, lines, installments))
    except ModelError as exc:
        raise DocumentRejected([model_error_message(exc)], exc.field) from None


def _build(document, lines, installments) -> sunat_build.Built:
    try:
        signer = signer_for(document.company)
    except NoCertificate as exc:
        raise DocumentRejected([str(exc)], "certificate") from None
    try:
        return sunat_build.build(mapping.document_to_model(document, lines, installments), signer)
    except ModelError as exc:
        raise DocumentRejected([model_error_message(exc)], exc.field) from None


def document_prepare(document, lines, installments=()) -> Prepared:
    """Model -> signed XML and ZIP, judged by SUNAT's rules before anything is sent."""
    built = _build(document, lines, installments)
    report = validation.validate(built.xml, built.name + ".xml")
    if report.errors:
        raise DocumentRejected([f"SUNAT lo rechazaría ({p.code}): {p.message}" for p in report.errors])
    return Prepared(built, [(p.code, p.message) for p in report.observations])


def document_renumber(prepared: Prepared, document, lines, installments=()) -> Prepared:
    """``prepared`` built again with the number ``document`` finally got (a concurrent sale took the
    provisional one). SUNAT's rules judged the same document, which differs only in its correlative
    (the rules check its format, and ``series_take`` keeps it within 8 digits), so they are not run
    again: the series stays locked for a signature (~0.5 ms), not for a validation (~5 ms)."""
    if prepared.built.name.endswith(f"-{document.number}"):
        return prepared
    return Prepared(_build(document, lines, installments), prepared.observations)


def electronic_create(*, document, prepared: Prepared, via_summary: bool, user=None,
                      events: list[dict] = ()) -> ElectronicDocument:
    """Store the signed XML and ZIP (state ``emitido``) and open the timeline (with ``events``)."""
    now = timezone.now()
    built = prepared.built
    electronic = ElectronicDocument.objects.create(
        company_id=document.company_id, document=document, name=built.name, xml=built.xml, zip=built.zip,
        digest=built.digest, via_summary=via_summary, issued_at=now, next_attempt_at=None if via_summary else now,
    )
    events_record(document=document, events=[
        {"kind": EventKind.CREATED, "user": user, "at": now,
         "message": f"{document} emitido por {document.total} {document.currency}"},
        {"kind": EventKind.SIGNED, "at": now, "message": f"Firmado; valor resumen {built.digest}"},
        *events])
    return electronic


def electronic_apply_cdr(electronic: ElectronicDocument, cdr_bytes: bytes, *, via: str = "sendBill") -> sunat_cdr.Cdr:
    """Store SUNAT's CDR and move the state to its verdict (accepted, observed or rejected)."""
    cdr = sunat_cdr.parse(cdr_bytes)
    now = timezone.now()
    if cdr.outcome is sunat_cdr.Outcome.ACCEPTED:
        status = Status.ACCEPTED
    elif cdr.outcome is sunat_cdr.Outcome.OBSERVED:
        status = Status.OBSERVED
    else:
        status = Status.REJECTED
    fields = dict(status=status, cdr=cdr_bytes, cdr_code=cdr.code, cdr_description=cdr.description,
                  cdr_notes=[list(n) for n in cdr.notes], answered_at=now, sent_at=electronic.sent_at or now,
                  uncertain=False, next_attempt_at=None, claimed_until=None, last_error="")
    with transaction.atomic():
        ElectronicDocument.objects.filter(pk=electronic.pk).update(**fields)
        event_record(document=electronic.document, kind=EventKind.CDR, code=cdr.code, at=now,
                     message=f"{Status(status).label}: {cdr.description}",
                     data={"notes": [list(n) for n in cdr.notes], "via": via})
        if status in (Status.ACCEPTED, Status.OBSERVED):
            from yupana.delivery.services import document_accepted  # e-mail on acceptance (company setting)

            company_id = electronic.company_id
            transaction.on_commit(lambda: document_accepted(electronic.pk, company_id=company_id))
    for name, value in fields.items():  # the row as stored, without reading it back
        setattr(electronic, name, value)
    return cdr


def rejection_help(electronic: ElectronicDocument) -> str:
    """What the user can do after a rejection (the number is used up at SUNAT)."""
    return ("SUNAT rechazó este comprobante y su número ya no puede usarse. Corrija el dato indicado y "
            "emita un comprobante nuevo; este queda registrado como rechazado.")


def code_description(code: str) -> str:
    """SUNAT's text for a return code ("" when unknown)."""
    try:
        return describe_code(code)
    except (KeyError, ValueError):
        return ""
