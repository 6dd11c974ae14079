"""Documents: issue (with an Idempotency-Key), state and timeline, XML/CDR/PDF, void and the list.

Every operation calls the services of sales, einvoicing and delivery, as the web app does."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from ninja import Header, Query, Router, Schema
from ninja.responses import Status as Reply
from pydantic import Field

from yupana.einvoicing.models import DocumentEvent, EventKind, Status
from yupana.einvoicing.voiding import VoidRefused, void_request
from yupana.masterdata import services as masterdata
from yupana.masterdata.models import Customer
from yupana.sales.inputs import InputError, NoteInput, sale_input_from_json
from yupana.sales.models import SaleDocument
from yupana.sales.selectors import document_list
from yupana.sales.services import DocumentRejected, SaleRefused, note_issue, sale_issue

from .auth import require_issue
from .errors import ApiError, field_path, not_found
from .models import IdempotencyRecord
from .schemas import DocumentIn, DocumentListOut, DocumentOut, ErrorOut, TimelineOut, VoidIn

router = Router(tags=["Comprobantes"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut,
          422: ErrorOut, 429: ErrorOut}
FILE_TYPES = {"pdf": "application/pdf", "xml": "application/xml", "cdr": "application/zip"}


def document_out(document: SaleDocument) -> dict:
    electronic = getattr(document, "electronic", None)
    status = electronic.status if electronic else Status.ISSUED
    base = f"/api/documents/{document.pk}"
    files = {"pdf": f"{base}/pdf", "xml": f"{base}/xml"}
    if electronic is not None and electronic.cdr:
        files["cdr"] = f"{base}/cdr"
    return {
        "id": document.pk, "doc_type": document.doc_type, "series": document.series_code, "number": document.number,
        "document_id": document.document_id, "issue_date": document.issue_date, "currency": document.currency,
        "customer": {"doc_type": document.customer_doc_type, "number": document.customer_doc_number,
                     "name": document.customer_name},
        "totals": {"gravadas": document.total_gravadas, "exoneradas": document.total_exoneradas,
                   "inafectas": document.total_inafectas, "gratuitas": document.total_gratuitas,
                   "discount": document.total_discount, "igv": document.total_igv,
                   "icbper": document.total_icbper, "total": document.total},
        "status": status, "status_label": Status(status).label,
        "sunat_code": electronic.cdr_code if electronic else "",
        "sunat_description": electronic.cdr_description if electronic else "",
        "sunat_notes": list(electronic.cdr_notes) if electronic else [],
        "reference": document.reference.document_id if document.reference_id else None,
        "files": files,
    }


def _get(company, pk: int) -> SaleDocument:
    document = (SaleDocument.objects.for_company(company).select_related("electronic", "reference")
                .filter(pk=pk).first())
    if document is None:
        raise not_found("El comprobante")
    return document


def _resolver(principal):
    """The JSON's ``customer`` -> a master-data customer of this company (found by document, else created)."""

    def resolve(data: dict) -> int:
        doc_type, number = str(data.get("doc_type", "")), str(data.get("number", "")).strip()
        found = Customer.objects.for_company(principal.company).filter(document_type=doc_type,
                                                                       document_number=number).first()
        if found is not None:
            return found.pk
        address = data.get("address") or {}
        try:
            customer = masterdata.customer_create(
                company=principal.company, user=principal.user, document_type=doc_type, document_number=number,
                name=str(data.get("name", "")), address=str(address.get("line", "")) if isinstance(address, dict) else "",
                emails=str(data.get("email", "")))
        except DjangoValidationError as exc:
            name, messages = next(iter(exc.message_dict.items()))
            json_name = {"document_type": "doc_type", "document_number": "number", "emails": "email"}.get(name, name)
            raise InputError(f"customer.{json_name}", messages[0]) from None
        return customer.pk

    return resolve


def _reference(company, data: dict) -> int:
    text = str(data.get("reference_id") or "").strip().upper()
    if "-" not in text or not text.split("-", 1)[1].isdigit():
        raise ApiError(422, "reference_id: indique el documento que modifica, p. ej. «F001-123».", "reference_id")
    series, number = text.split("-", 1)
    rows = SaleDocument.objects.for_company(company).filter(series_code=series, number=int(number))
    if data.get("reference_type"):
        rows = rows.filter(doc_type=data["reference_type"])
    document = rows.exclude(doc_type__in=["07", "08"]).first()
    if document is None:
        raise ApiError(422, "reference_id: el documento que modifica no existe.", "reference_id")
    return document.pk


NOTE_KEYS = ("reason", "reason_text", "reference_type", "reference_id")


def _issue(principal, payload: DocumentIn) -> SaleDocument:
    data = payload.model_dump(exclude_none=True)
    is_note = payload.doc_type in ("07", "08")
    note_fields = {key: data.pop(key) for key in NOTE_KEYS if key in data}
    if not is_note and note_fields:
        name = sorted(note_fields)[0]
        raise ApiError(422, f"{name}: solo corresponde a notas de crédito o débito.", name)
    try:
        if is_note:
            for name in ("reason", "reason_text", "reference_id"):
                if not note_fields.get(name):
                    raise ApiError(422, f"{name}: obligatorio en una nota.", name)
            reference_id = _reference(principal.company, note_fields)
            lines = sale_input_from_json({"lines": data["lines"]}).lines
            note = NoteInput(reference_id=reference_id, doc_type=payload.doc_type, series_code=payload.series,
                             reason=note_fields["reason"], reason_text=note_fields["reason_text"], lines=lines,
                             issue_date=payload.issue_date)
            return note_issue(company=principal.company, user=principal.user, data=note)
        sale = sale_input_from_json(data, resolve_customer=_resolver(principal))
        return sale_issue(company=principal.company, user=principal.user, data=sale)
    except InputError as exc:
        raise ApiError(422, f"{exc.field}: {exc.message}", exc.field) from None
    except (SaleRefused, DocumentRejected) as exc:
        field = _json_field(exc.field)
        message = "; ".join(exc.messages)
        raise ApiError(422, message, field, [{"field": field, "message": m} for m in exc.messages]) from None


def _json_field(field: str) -> str:
    """The services name fields as the web form does; the API answers with the JSON's names."""
    return {"customer": "customer", "reference": "reference_id", "payment_terms": "installments"}.get(field, field)


def _request_hash(payload: DocumentIn) -> str:
    text = json.dumps(payload.model_dump(mode="json", exclude_none=True), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _examples() -> dict:
    """One request example per document type, from examples/documents (the format's own examples)."""
    folder = Path(__file__).resolve().parents[2] / "examples" / "documents"
    chosen = {"factura": ("01-factura-gravada.json", "Factura gravada (cliente con RUC)"),
              "factura_credito": ("05-factura-credito-cuotas.json", "Factura al crédito en cuotas (el cliente debe tener crédito habilitado)"),
              "boleta": ("10-boleta-anonima.json", "Boleta a clientes varios"),
              "nota_credito": ("12-nota-credito-anulacion.json", "Nota de crédito: anulación de la operación"),
              "nota_debito": ("14-nota-debito-aumento.json", "Nota de débito: aumento en el valor")}
    examples = {}
    for name, (file, summary) in chosen.items():
        path = folder / file
        if path.exists():
            value = json.loads(path.read_text(encoding="utf-8"))
            value.pop("number", None)
            for key in ("issue_date", "issue_time"):  # issued today: SUNAT refuses old dates (2108)
                value.pop(key, None)
            if value["doc_type"] in ("07", "08"):  # the series a new company gets for notes (FC01, FD01)
                value["series"] = {"07": "FC01", "08": "FD01"}[value["doc_type"]]
            examples[name] = {"summary": summary, "value": value}
    return examples


@router.post("/documents", response={201: DocumentOut, 200: DocumentOut, **ERRORS}, summary="Emitir un comprobante",
             operation_id="document_issue",
             openapi_extra={"requestBody": {"content": {"application/json": {"examples": _examples()}}}})
def document_issue(request, payload: DocumentIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255)):
    """Emite una factura, boleta o nota en el formato JSON de documentos. Con la misma
    `Idempotency-Key` un reintento devuelve el mismo comprobante (200) en vez de emitir otro."""
    principal = require_issue(request)
    if not idempotency_key:
        return Reply(201, document_out(_issue(principal, payload)))
    digest = _request_hash(payload)
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(company=principal.company, key=idempotency_key,
                                                      request_hash=digest)
            document = _issue(principal, payload)
            record.document = document
            record.save(update_fields=["document"])
        return Reply(201, document_out(document))
    except IntegrityError:
        record = IdempotencyRecord.objects.filter(company=principal.company, key=idempotency_key).first()
        if record is None:
            raise
    if record.request_hash != digest:
        raise ApiError(409, "Esta Idempotency-Key ya se usó con otro contenido; use una clave nueva para otro "
                            "comprobante.", "Idempotency-Key")
    return Reply(200, document_out(_get(principal.company, record.document_id)))


class DocumentFilters(Schema):
    q: str = Field("", max_length=100, description="serie-número (F001-12), cliente o documento del cliente")
    doc_type: str = Field("", pattern=r"^(|01|03|07|08)$")
    status: str = Field("", pattern="^(|" + "|".join(Status.values) + ")$")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("/documents", response={200: DocumentListOut, **ERRORS}, summary="Listar comprobantes",
            operation_id="document_list")
def document_list_view(request, filters: Query[DocumentFilters]):
    """Los mismos filtros que la lista de ventas (búsqueda, tipo, estado SUNAT) más el periodo."""
    rows = document_list(company=request.auth.company, q=filters.q, doc_type=filters.doc_type,
                         status=filters.status).select_related("reference")
    if filters.date_from:
        rows = rows.filter(issue_date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(issue_date__lte=filters.date_to)
    page = list(rows[filters.offset:filters.offset + filters.limit])
    return Reply(200, {"count": rows.count(), "results": [document_out(d) for d in page]})


@router.get("/documents/{document_id}", response={200: DocumentOut, **ERRORS}, summary="Estado de un comprobante",
            operation_id="document_get")
def document_get(request, document_id: int):
    return Reply(200, document_out(_get(request.auth.company, document_id)))


@router.get("/documents/{document_id}/timeline", response={200: TimelineOut, **ERRORS},
            summary="Historial de un comprobante", operation_id="document_timeline")
def document_timeline(request, document_id: int):
    document = _get(request.auth.company, document_id)
    events = DocumentEvent.objects.filter(company=request.auth.company, document=document).order_by("at", "id")
    out = document_out(document)
    return Reply(200, {"id": document.pk, "document_id": document.document_id, "status": out["status"],
                 "status_label": out["status_label"],
                 "events": [{"kind": e.kind, "label": EventKind(e.kind).label if e.kind in EventKind.values else e.kind,
                             "at": e.at, "code": e.code, "message": e.message} for e in events]})


def _file(request, document_id: int, kind: str):
    from yupana.delivery.services import document_file, download_record

    document = _get(request.auth.company, document_id)
    found = document_file(document=document, kind=kind)
    if found is None:
        raise ApiError(404, "SUNAT aún no ha respondido: este comprobante todavía no tiene CDR.", "cdr")
    name, data, mime = found
    download_record(document=document, kind=kind, by="usuario", user=request.auth.user)
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _binary(kind: str) -> dict:
    return {"responses": {200: {"description": "El archivo",
                                "content": {FILE_TYPES[kind]: {"schema": {"type": "string", "format": "binary"}}}}}}


@router.get("/documents/{document_id}/pdf", response={**ERRORS}, summary="Descargar el PDF",
            operation_id="document_pdf", openapi_extra=_binary("pdf"))
def document_pdf(request, document_id: int):
    return _file(request, document_id, "pdf")


@router.get("/documents/{document_id}/xml", response={**ERRORS}, summary="Descargar el XML firmado",
            operation_id="document_xml", openapi_extra=_binary("xml"))
def document_xml(request, document_id: int):
    return _file(request, document_id, "xml")


@router.get("/documents/{document_id}/cdr", response={**ERRORS}, summary="Descargar el CDR de SUNAT",
            operation_id="document_cdr", openapi_extra=_binary("cdr"))
def document_cdr(request, document_id: int):
    return _file(request, document_id, "cdr")


@router.post("/documents/{document_id}/void", response={202: DocumentOut, **ERRORS}, summary="Anular (dar de baja)",
             operation_id="document_void")
def document_void(request, document_id: int, payload: VoidIn):
    """Envía la comunicación de baja (facturas) o el resumen con estado 3 (boletas)."""
    principal = require_issue(request)
    document = _get(principal.company, document_id)
    try:
        void_request(company=principal.company, user=principal.user, document=document, reason=payload.reason)
    except VoidRefused as exc:
        raise ApiError(422, str(exc), "reason" if "motivo" in str(exc) else "id") from None
    return Reply(202, document_out(_get(principal.company, document_id)))


__all__ = ["router", "document_out", "field_path"]
