"""The filtered list as Excel or PDF, with the columns of the screen (master data's exporters)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from yupana.masterdata.exporting import Column, export_pdf, export_xlsx

COLUMNS = [
    Column("Número", lambda q: q.code, 14),
    Column("Fecha", lambda q: q.issue_date.strftime("%d/%m/%Y"), 12),
    Column("Válida hasta", lambda q: q.valid_until.strftime("%d/%m/%Y"), 12),
    Column("Cliente", lambda q: q.customer_name, 36),
    Column("Documento", lambda q: q.customer_doc_number, 14),
    Column("Vendedor", lambda q: q.seller.full_name if q.seller_id else "", 20),
    Column("Moneda", lambda q: q.currency, 8),
    Column("Total", lambda q: q.total, 14, money=True),
    Column("Estado", lambda q: q.get_status_display(), 18),
    Column("Versión", lambda q: q.version, 8),
]


def export_response(*, company, rows, fmt: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if fmt == "pdf":
        total = rows.count()
        content = export_pdf(title="Cotizaciones", columns=COLUMNS, rows=rows.iterator(), company=company,
                             total=total)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="cotizaciones-{stamp}.pdf"'
        return response
    content = export_xlsx(title="Cotizaciones", columns=COLUMNS, rows=rows.iterator(chunk_size=500))
    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="cotizaciones-{stamp}.xlsx"'
    return response
