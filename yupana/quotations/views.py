"""Quotation screens for the business. Each view translates HTTP and calls a service or selector."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yupana.accounts.models import Membership
from yupana.companies.models import DocumentType
from yupana.companies.permissions import company_required
from yupana.masterdata.catalogs import DOCUMENT_TYPES
from yupana.masterdata.models import Customer
from yupana.sales import selectors as sales_selectors
from yupana.sales.inputs import InputError

from . import exports, forms, selectors, services
from .delivery import pdf_name, public_url, quotation_pdf
from .inputs import QuotationRefused
from .models import AWAITING, CONVERTIBLE, EDITABLE, Notification, QuotationVersion, Status

PAGE_SIZE = 30
DEFAULT_VALIDITY_DAYS = 15


def _get(request, pk):
    try:
        quotation = selectors.quotation_get(company=request.company, pk=pk)
    except Exception:  # DoesNotExist: another company's or no row
        raise Http404("No existe esa cotización en su empresa.")
    services.quotation_expire_if_due(quotation)
    return quotation


def _row(line=None) -> dict:
    row = {"key": uuid.uuid4().hex[:8], "product": "", "description": "", "quantity": "1", "price": "",
           "discount": "", "unit": "NIU", "affectation": "10", "code": ""}
    if line is not None:
        row.update(product=str(line.product_id or ""), description=line.description,
                   quantity=f"{line.quantity.normalize():f}", price=f"{line.unit_price.normalize():f}",
                   discount=f"{line.discount.normalize():f}" if line.discount else "", unit=line.unit_code,
                   affectation=line.affectation, code=line.code)
    return row


def _sellers(company):
    return [m.user for m in Membership.objects.for_company(company).select_related("user").order_by("user__full_name")]


def _form(request, *, quotation=None, post=None, rows=None, errors=None, customer=None, status=200):
    today = timezone.localdate()
    initial = {"issue_date": today.isoformat(),
               "valid_until": (today + dt.timedelta(days=DEFAULT_VALIDITY_DAYS)).isoformat(),
               "currency": "PEN", "seller": str(request.user.pk)}
    if quotation is not None:
        initial = {"issue_date": quotation.issue_date.isoformat(), "valid_until": quotation.valid_until.isoformat(),
                   "currency": quotation.currency, "terms": quotation.terms, "notes": quotation.notes,
                   "seller": str(quotation.seller_id or "")}
        customer = customer or quotation.customer
        rows = rows or [_row(line) for line in quotation.lines.all()]
    context = {"quotation": quotation, "post": post or initial, "rows": rows or [_row()], "errors": errors or [],
               "customer": customer, "sellers": _sellers(request.company), "document_types": DOCUMENT_TYPES}
    return render(request, "quotations/quotation_form.html", context, status=status)


def _save(request, quotation=None):
    errors = []
    try:
        data = forms.read_quotation(request.POST)
        if quotation is None:
            saved = services.quotation_create(company=request.company, user=request.user, data=data)
            messages.success(request, f"Cotización {saved.code} guardada.")
        else:
            saved = services.quotation_update(company=request.company, user=request.user, quotation_id=quotation.pk,
                                              data=data)
            messages.success(request, f"Cotización {saved.code} guardada (versión {saved.version}).")
        return redirect("quotations:quotation_detail", pk=saved.pk)
    except InputError as exc:
        errors = [exc.message]
    except QuotationRefused as exc:
        errors = exc.messages
    customer_id = request.POST.get("customer_id", "")
    customer = Customer.objects.for_company(request.company).filter(pk=customer_id).first() \
        if customer_id.isdigit() else None
    return _form(request, quotation=quotation, post=request.POST, rows=forms.line_rows(request.POST) or None,
                 errors=errors, customer=customer, status=422)


@company_required
def quotation_create(request):
    if request.method == "POST":
        return _save(request)
    return _form(request)


@company_required
def quotation_edit(request, pk):
    quotation = _get(request, pk)
    if quotation.status not in EDITABLE:
        messages.error(request, f"La cotización está {quotation.get_status_display().lower()}: ya no se modifica.")
        return redirect("quotations:quotation_detail", pk=pk)
    if request.method == "POST":
        return _save(request, quotation)
    return _form(request, quotation=quotation)


@company_required
def quotation_preview(request):
    """Live totals with the same checks and tax engine as saving."""
    context = {"errors": []}
    if request.method == "POST":
        try:
            data = forms.read_quotation(request.POST)
            if data.lines and data.customer_id and data.valid_until:
                context["header"], context["lines"] = services.quotation_preview(company=request.company, data=data)
                context["currency"] = data.currency
        except InputError as exc:
            context["errors"] = [exc.message]
        except QuotationRefused as exc:
            context["errors"] = exc.messages
    return render(request, "quotations/partials/totals.html", context)


@company_required
def quotation_list(request):
    services.quotations_expire(company=request.company)
    filters, errors = selectors.parse_filters(request.GET)
    rows = selectors.quotation_list(company=request.company, filters=filters)
    fmt = request.GET.get("formato", "")
    if fmt in ("xlsx", "pdf"):
        return exports.export_response(company=request.company, rows=rows, fmt=fmt)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    customers = selectors.quoted_customers(company=request.company)
    context = {"page": page, "filters": filters, "errors": errors, "statuses": Status.choices,
               "sellers": _sellers(request.company), "customers": customers,
               "query": request.GET.urlencode(), "dashboard": selectors.dashboard(company=request.company)}
    if request.htmx and request.htmx.target == "results":
        return render(request, "quotations/partials/rows.html", context)
    return render(request, "quotations/quotation_list.html", context)


@company_required
def quotation_detail(request, pk):
    quotation = _get(request, pk)
    Notification.objects.for_company(request.company).filter(quotation=quotation, read_at__isnull=True) \
        .update(read_at=timezone.now())
    context = {"quotation": quotation, "lines": quotation.lines.all(),
               "events": quotation.events.select_related("user"),
               "versions": quotation.versions.all(), "documents": quotation.documents.select_related("document"),
               "public_url": public_url(quotation), "editable": quotation.status in EDITABLE,
               "convertible": quotation.status in CONVERTIBLE, "awaiting": quotation.status in AWAITING,
               "can_send": quotation.status in (Status.DRAFT, Status.SENT, Status.VIEWED)}
    return render(request, "quotations/quotation_detail.html", context)


@company_required
def quotation_version(request, pk, version):
    quotation = _get(request, pk)
    found = QuotationVersion.objects.filter(quotation=quotation, version=version).first()
    if found is None:
        raise Http404("No existe esa versión.")
    return render(request, "quotations/quotation_version.html", {"quotation": quotation, "old": found,
                                                                  "snap": found.snapshot})


@company_required
def quotation_send(request, pk):
    quotation = _get(request, pk)
    errors = []
    to = quotation.customer.emails if quotation.customer_id else ""
    message = ""
    if request.method == "POST":
        to, message = request.POST.get("to", ""), request.POST.get("message", "")
        try:
            services.quotation_send(company=request.company, user=request.user, quotation_id=quotation.pk,
                                    to=to.replace(";", ",").split(","), message=message)
        except QuotationRefused as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Cotización {quotation.code} enviada a {to}.")
            return redirect("quotations:quotation_detail", pk=pk)
    return render(request, "quotations/quotation_send.html",
                  {"quotation": quotation, "to": to, "message": message, "errors": errors},
                  status=422 if errors else 200)


@company_required
def quotation_pdf(request, pk):
    quotation = _get(request, pk)
    response = HttpResponse(quotation_pdf(quotation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_name(quotation)}"'
    return response


@company_required
def quotation_convert(request, pk):
    """The review page: the customer, lines and prices of the quotation, with what remains to invoice."""
    quotation = _get(request, pk)
    lines = list(quotation.lines.all())
    errors = []
    if request.method == "POST":
        try:
            data = forms.read_convert(request.POST, [line.pk for line in lines])
            document = services.quotation_convert(company=request.company, user=request.user,
                                                  quotation_id=quotation.pk, data=data)
        except InputError as exc:
            errors = [exc.message]
        except QuotationRefused as exc:
            errors = exc.messages
        else:
            messages.success(request, f"{document} emitido desde {quotation.code}. Se está enviando a SUNAT.")
            return redirect("sales:document_detail", pk=document.pk)
    elif quotation.status not in CONVERTIBLE:
        messages.error(request, f"Una cotización {quotation.get_status_display().lower()} no se factura.")
        return redirect("quotations:quotation_detail", pk=pk)
    is_ruc = quotation.customer_doc_type == "6"
    doc_types = [DocumentType.FACTURA, DocumentType.BOLETA] if is_ruc else [DocumentType.BOLETA]
    series = sales_selectors.series_for(company=request.company, doc_types=doc_types)
    return render(request, "quotations/quotation_convert.html",
                  {"quotation": quotation, "lines": lines, "series": series, "errors": errors, "post": request.POST,
                   "today": timezone.localdate().isoformat()}, status=422 if errors else 200)


@company_required
def dashboard_panel(request):
    """The home page's quotation box (loaded by htmx)."""
    services.quotations_expire(company=request.company)
    return render(request, "quotations/partials/dashboard.html",
                  {"dashboard": selectors.dashboard(company=request.company)})
