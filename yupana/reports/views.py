"""Reports: the document list (filters, totals, Excel/PDF, streamed ZIP) and the home dashboard."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from yupana.companies.models import DocumentType
from yupana.companies.permissions import company_required
from yupana.einvoicing.models import Status

from . import exports, selectors, zipstream
from .chart import bars_svg
from .filters import CURRENCIES, parse_filters

PAGE_SIZE = 50


@company_required
@require_GET
def index(request):
    return redirect("reports:documents")


def _listing(request):
    filters = parse_filters(request.GET)
    rows = selectors.document_rows(company=request.company, filters=filters)
    return filters, rows


@company_required
@require_GET
def documents(request):
    filters, rows = _listing(request)
    listed = rows.defer("electronic__xml", "electronic__zip", "electronic__cdr", "electronic__cdr_notes")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters, "page": page, "totals": selectors.document_totals(rows, company=request.company), "query": urlencode(filters.query()),
        "doc_types": DocumentType.choices, "statuses": Status.choices, "currencies": CURRENCIES,
        "series": selectors.series_choices(company=request.company), "help_key": "reports-documents",
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "reports/partials/document_rows.html", context)
    return render(request, "reports/documents.html", context)


def _stamp(request, filters, ext: str) -> str:
    return f"comprobantes-{request.company.ruc}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}.{ext}"


@company_required
@require_GET
def documents_xlsx(request):
    filters, rows = _listing(request)
    data = exports.documents_xlsx(rows=rows, totals=selectors.document_totals(rows, company=request.company), filters=filters)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_stamp(request, filters, "xlsx")}"'
    return response


@company_required
@require_GET
def documents_pdf(request):
    filters, rows = _listing(request)
    data = exports.documents_pdf(rows=rows, totals=selectors.document_totals(rows, company=request.company), filters=filters,
                                 company=request.company, count=rows.count())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_stamp(request, filters, "pdf")}"'
    return response


@company_required
@require_GET
def documents_zip(request):
    """XML + CDR (+ PDF on request) of the filtered documents, streamed; the page shows progress."""
    from yupana.delivery.services import document_pdf
    from yupana.sales.models import SaleDocument

    filters, rows = _listing(request)
    rows = rows.filter(electronic__isnull=False)
    with_pdf = request.GET.get("pdf") == "1"
    count, size = zipstream.estimate(rows, with_pdf=with_pdf)

    def pdf_for(pk: int) -> bytes:
        document = SaleDocument.objects.select_related("company", "electronic", "reference").get(pk=pk)
        return document_pdf(document=document, fmt="a4")

    response = StreamingHttpResponse(zipstream.stream_documents(rows, with_pdf=with_pdf, pdf_for=pdf_for),
                                     content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_stamp(request, filters, "zip")}"'
    response["X-Yupana-Documents"] = str(count)
    response["X-Yupana-Estimate"] = str(size)
    response["Cache-Control"] = "no-store"
    return response


@company_required
@require_GET
def dashboard(request):
    """The home page's panel (loaded by htmx from web/home.html)."""
    figures = selectors.dashboard(company=request.company, today=timezone.localdate())
    return render(request, "reports/partials/dashboard.html", {
        "d": figures, "chart": bars_svg(figures.per_day, label="Ventas por día (últimos 30 días, en soles)"),
    })
