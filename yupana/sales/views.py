"""Sale screens: the form (live totals from the SUNAT core's engine), the list, the document page,
notes, voids, downloads and the export. Each view translates HTTP and calls a service or selector."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yupana.companies.models import DocumentType
from yupana.companies.permissions import company_required
from yupana.einvoicing import selectors as einvoicing_selectors
from yupana.einvoicing.events import event_record
from yupana.einvoicing.exporting import export_zip
from yupana.einvoicing.models import FINAL_STATES, EventKind, Status
from yupana.einvoicing.voiding import VoidRefused, void_deadline, void_request
from yupana.masterdata import selectors as masterdata
from yupana.masterdata.catalogs import DOCUMENT_TYPES
from yupana.masterdata.services import customer_create
from yupana.sunat import deadlines
from yupana.sunat.catalogs import CreditNoteReason, DebitNoteReason, describe

from . import forms, selectors
from .inputs import InputError
from .services import (DocumentRejected, SaleRefused, note_draft, note_issue, note_lines_from,
                       propose_installments, sale_compute, sale_draft, sale_issue)

PAGE_SIZE = 30


def _document(request, pk):
    try:
        return selectors.document_get(company=request.company, pk=pk)
    except ObjectDoesNotExist:
        raise Http404("No existe ese comprobante en su empresa.")


def _key() -> str:
    return uuid.uuid4().hex[:8]


def _row(from_product=None, **values) -> dict:
    row = {"key": _key(), "product": "", "description": "", "quantity": "1", "price": "", "discount": "",
           "unit": "NIU", "affectation": "10", "code": ""}
    product = from_product
    if product is not None:
        row.update(product=str(product.pk), description=product.description, price=f"{product.price.normalize():f}",
                   unit=product.unit_code, affectation=product.igv_affectation, code=product.code)
    row.update(values)
    return row


def _form_context(request, *, rows=None, post=None, errors=None, customer=None):
    series = selectors.series_for(company=request.company, doc_types=[DocumentType.FACTURA, DocumentType.BOLETA])
    post = post or {}
    today = timezone.localdate()
    return {
        "series": series, "rows": rows if rows is not None else [_row()], "post": post, "errors": errors or [],
        "customer": customer, "document_types": DOCUMENT_TYPES, "today": today.isoformat(),
        "earliest": deadlines.earliest_issue_date("B", today).isoformat(),  # the widest window: boletas
        "factura_days": deadlines.FACTURA_SEND_DAYS, "boleta_days": deadlines.BOLETA_SEND_DAYS,
        "help_key": "sales-sale-create",
    }


@company_required
def document_list(request):
    params = {k: request.GET.get(k, "") for k in ("q", "doc_type", "status")}
    rows = selectors.document_list(company=request.company, **params)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    pending_summary = einvoicing_selectors.pending_summary_count(company=request.company)
    context = {"page": page, "params": params, "doc_types": DocumentType.choices, "statuses": Status.choices,
               "pending_summary": pending_summary, "today": timezone.localdate()}
    if request.htmx and request.htmx.target == "results":
        return render(request, "sales/partials/document_rows.html", context)
    return render(request, "sales/document_list.html", context)


@company_required
def sale_create(request):
    if request.method != "POST":
        rows = [_row()]
        source = request.GET.get("desde")
        customer = None
        if source and source.isdigit():  # "a way forward" after a rejection: start from its lines
            original = _document(request, int(source))
            rows = [_row(description=l.description, quantity=f"{l.quantity.normalize():f}",
                         price=f"{l.unit_price.normalize():f}", product=str(l.product_id or ""),
                         unit=l.unit_code, affectation=l.affectation, code=l.code) for l in original.lines.all()]
            customer = original.customer
        return render(request, "sales/sale_form.html", _form_context(request, rows=rows, customer=customer))
    errors: list[str] = []
    try:
        data, count = forms.read_sale(request.POST)
        if data.payment_terms == "credito" and data.lines:
            draft = sale_draft(company=request.company, data=data)
            computed = sale_compute(draft)
            customer = draft.document.customer
            data.installments = propose_installments(
                total=computed.totals.payable - computed.detraccion_amount,
                issue_date=draft.document.issue_date, credit_days=customer.credit_days if customer else 0,
                count=count)
        document = sale_issue(company=request.company, user=request.user, data=data)
    except InputError as exc:
        errors = [exc.message]
    except (SaleRefused, DocumentRejected) as exc:
        errors = exc.messages
    else:
        for warning in getattr(document, "warnings", []):
            messages.warning(request, warning)
        messages.success(request, f"{document} emitido. Se está enviando a SUNAT.")
        return redirect("sales:document_detail", pk=document.pk)
    customer = None
    customer_id = request.POST.get("customer_id", "")
    if customer_id.isdigit():
        customer = masterdata.Customer.objects.for_company(request.company).filter(pk=customer_id).first()
    context = _form_context(request, rows=forms.line_rows(request.POST) or [_row()], post=request.POST,
                            errors=errors, customer=customer)
    return render(request, "sales/sale_form.html", context, status=422)


@company_required
@require_POST
def sale_preview(request):
    """Live totals: the same draft and tax engine as sale_issue, without taking a number."""
    context: dict = {"errors": []}
    try:
        data, count = forms.read_sale(request.POST)
        if data.lines:
            draft = sale_draft(company=request.company, data=data)
            computed = sale_compute(draft)
            context.update(document=draft.document, lines=draft.lines, computed=computed)
            if data.payment_terms == "credito":
                customer = draft.document.customer
                context["installments"] = propose_installments(
                    total=computed.totals.payable - computed.detraccion_amount, issue_date=draft.document.issue_date,
                    credit_days=customer.credit_days if customer else 0, count=count)
    except InputError as exc:
        context["errors"] = [exc.message]
    except (SaleRefused, DocumentRejected) as exc:
        context["errors"] = exc.messages
    return render(request, "sales/partials/totals.html", context)


@company_required
def line_row(request):
    product = None
    pk = request.GET.get("product", "")
    if pk.isdigit():
        product = masterdata.Product.objects.for_company(request.company).filter(pk=pk).first()
    response = render(request, "sales/partials/line_row.html", {"row": _row(product)})
    response["HX-Trigger-After-Settle"] = "lines-changed"
    return response


@company_required
def product_picker(request):
    results = masterdata.product_search(company=request.company, q=request.GET.get("product_q", ""))
    return render(request, "sales/partials/product_results.html", {"results": results})


@company_required
def customer_picker(request):
    results = masterdata.customer_search(company=request.company, q=request.GET.get("customer_q", ""))
    return render(request, "sales/partials/customer_results.html", {"results": results})


@company_required
@require_POST
def customer_quick_create(request):
    try:
        customer = customer_create(company=request.company, user=request.user,
                                   document_type=request.POST.get("new_document_type", "1"),
                                   document_number=request.POST.get("new_document_number", "").strip(),
                                   name=request.POST.get("new_name", "").strip(),
                                   address=request.POST.get("new_address", "").strip())
    except ValidationError as exc:
        errors = [f"{_field_label(f)}: {' '.join(m)}" for f, m in exc.message_dict.items()] \
            if hasattr(exc, "message_dict") else exc.messages
        return render(request, "sales/partials/customer_results.html", {"results": [], "errors": errors})
    return render(request, "sales/partials/customer_results.html", {"results": [customer], "selected": customer.pk})


def _field_label(field: str) -> str:
    return {"document_number": "Número de documento", "name": "Nombre o razón social", "document_type": "Tipo",
            "__all__": "Cliente"}.get(field, field)


@company_required
def document_detail(request, pk):
    document = _document(request, pk)
    electronic = getattr(document, "electronic", None)
    context = {
        "document": document, "electronic": electronic, "lines": document.lines.all(),
        "installments": document.installments.all(), "events": selectors.document_timeline(document),
        "notes": document.notes.select_related("electronic"), "void_deadline": void_deadline(document),
        "can_void": electronic is not None and electronic.is_accepted and timezone.localdate() <= void_deadline(document),
        "help_key": "sales-document-detail",
    }
    return render(request, "sales/document_detail.html", context)


@company_required
def document_status(request, pk):
    """The status badge, polled while SUNAT's answer is pending."""
    document = _document(request, pk)
    response = render(request, "sales/partials/status.html", {"document": document, "electronic": document.electronic,
                                                              "events": selectors.document_timeline(document), "oob": True})
    if document.electronic.status in FINAL_STATES and request.htmx:
        response["HX-Refresh"] = "true"  # only pending pages poll: the verdict arrived, show its actions
    return response


@company_required
def document_file(request, pk, kind):
    document = _document(request, pk)
    electronic = document.electronic
    if kind == "xml":
        data, name, content_type = bytes(electronic.xml), f"{electronic.name}.xml", "application/xml"
    elif kind == "cdr" and electronic.cdr:
        data, name, content_type = bytes(electronic.cdr), f"R-{electronic.name}.zip", "application/zip"
    else:
        raise Http404("Este comprobante aún no tiene CDR.")
    event_record(document=document, kind=EventKind.DOWNLOADED, user=request.user, message=f"Descarga de {name}")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@company_required
@require_POST
def document_void(request, pk):
    document = _document(request, pk)
    try:
        batch = void_request(company=request.company, user=request.user, document=document,
                             reason=request.POST.get("reason", ""))
    except VoidRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Baja enviada a SUNAT ({batch.name}). El estado se actualizará al resolverse el ticket.")
    return redirect("sales:document_detail", pk=pk)


@company_required
@require_POST
def document_retry(request, pk):
    """"Enviar ahora": queue an attempt at once (the dispatcher asks SUNAT first when in doubt)."""
    document = _document(request, pk)
    electronic = document.electronic
    if electronic.status in (Status.ISSUED, Status.SENT) and not electronic.via_summary:
        from yupana.einvoicing.dispatch import enqueue_dispatch
        from yupana.einvoicing.models import ElectronicDocument

        ElectronicDocument.objects.filter(pk=electronic.pk).update(next_attempt_at=timezone.now())
        enqueue_dispatch(electronic.pk)
        messages.info(request, "Envío a SUNAT programado.")
    return redirect("sales:document_detail", pk=pk)


@company_required
@require_POST
def summary_send(request):
    """Send the daily summary now for every boleta waiting (today's included)."""
    from yupana.einvoicing.batches import summaries_create
    from yupana.einvoicing.tasks import enqueue_batch

    batches = summaries_create(request.company, before=timezone.localdate() + dt.timedelta(days=1))
    for batch in batches:
        enqueue_batch(batch.pk)
    messages.success(request, f"Resúmenes diarios enviados: {len(batches)}." if batches
                     else "No hay boletas pendientes de resumen.")
    return redirect("sales:document_list")


NOTE_REASONS = {
    DocumentType.CREDIT_NOTE: [(r.value, describe("09", r.value)) for r in CreditNoteReason],
    DocumentType.DEBIT_NOTE: [(r.value, describe("10", r.value)) for r in DebitNoteReason],
}


@company_required
def note_create(request, pk, doc_type):
    reference = _document(request, pk)
    if doc_type not in (DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE) or reference.is_note:
        raise Http404("Tipo de nota inválido.")
    series = [s for s in selectors.series_for(company=request.company, doc_types=[doc_type])
              if s.code[0] == reference.series_code[0]]
    errors: list[str] = []
    if request.method == "POST":
        try:
            note = note_issue(company=request.company, user=request.user, data=forms.read_note(request.POST, reference.pk))
        except InputError as exc:
            errors = [exc.message]
        except (SaleRefused, DocumentRejected) as exc:
            errors = exc.messages
        else:
            messages.success(request, f"{note} emitida. Se está enviando a SUNAT.")
            return redirect("sales:document_detail", pk=note.pk)
        rows = forms.line_rows(request.POST)
    else:
        rows = [_row(description=l.description, quantity=f"{l.quantity.normalize():f}",
                     price=f"{l.unit_price.normalize():f}", product=str(l.product_id or ""), unit=l.unit_code,
                     affectation=l.affectation, code=l.code) for l in note_lines_from(reference)]
    context = {"reference": reference, "doc_type": doc_type, "series": series, "rows": rows, "errors": errors,
               "reasons": NOTE_REASONS[doc_type], "post": request.POST, "help_key": "sales-note-create",
               "title": "Nota de crédito" if doc_type == DocumentType.CREDIT_NOTE else "Nota de débito"}
    return render(request, "sales/note_form.html", context, status=422 if errors else 200)


@company_required
@require_POST
def note_preview(request, pk, doc_type):
    """Live totals of the note form: the same draft and tax engine as note_issue, no number taken."""
    reference = _document(request, pk)
    context: dict = {"errors": [], "reference": reference}
    try:
        data = forms.read_note(request.POST, reference.pk)
        # The totals do not depend on the sustento: no complaint about it while the user types the lines.
        data = dataclasses.replace(data, reason_text=data.reason_text or "-")
        draft = note_draft(company=request.company, data=data)
        if draft.lines:
            context.update(document=draft.document, lines=draft.lines, computed=sale_compute(draft))
    except InputError as exc:
        context["errors"] = [exc.message]
    except (SaleRefused, DocumentRejected) as exc:
        context["errors"] = exc.messages
    return render(request, "sales/partials/totals.html", context)


@company_required
def export(request):
    today = timezone.localdate()
    if "desde" in request.GET:
        try:
            start = dt.date.fromisoformat(request.GET.get("desde", ""))
            end = dt.date.fromisoformat(request.GET.get("hasta", ""))
        except ValueError:
            messages.error(request, "Fechas inválidas: use el selector de fecha.")
            return redirect("sales:export")
        if start > end:
            messages.error(request, "La fecha «desde» no puede ser posterior a «hasta».")
            return redirect("sales:export")
        data = export_zip(company=request.company, date_from=start, date_to=end)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = (f'attachment; filename="comprobantes-{request.company.ruc}-'
                                           f'{start:%Y%m%d}-{end:%Y%m%d}.zip"')
        return response
    return render(request, "sales/export.html", {"start": today.replace(day=1), "end": today,
                                                 "help_key": "sales-export"})
