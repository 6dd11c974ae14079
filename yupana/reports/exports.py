"""The filtered document list as Excel and PDF, with the same columns as the screen and a totals row.

Uses master data's exporters (write-only openpyxl, text never becomes a formula; WeasyPrint PDF
capped at 1,000 rows). Excel is capped at EXCEL_MAX_ROWS, well below the sheet's 1,048,576.
"""

from __future__ import annotations

from yupana.masterdata.exporting import Column, export_pdf, export_xlsx

EXCEL_MAX_ROWS = 200_000


def _status(row) -> str:
    from yupana.einvoicing.models import Status

    value = row.get("electronic__status")
    return Status(value).label if value in Status.values else ""


def _type(row) -> str:
    from yupana.companies.models import DocumentType

    return DocumentType(row["doc_type"]).label if row.get("doc_type") in DocumentType.values else row.get("doc_type", "")


COLUMNS = [
    Column("Fecha", lambda r: r["issue_date"].strftime("%d/%m/%Y") if r.get("issue_date") else "", 12),
    Column("Tipo", _type, 16),
    Column("Número", lambda r: f"{r['series_code']}-{r['number']}" if r.get("series_code") else r.get("label", ""), 14),
    Column("Cliente", lambda r: r.get("customer_name", ""), 36),
    Column("RUC/DNI", lambda r: r.get("customer_doc_number", ""), 14),
    Column("Moneda", lambda r: r.get("currency", ""), 8),
    Column("Gravadas", lambda r: r.get("total_gravadas"), 14, money=True),
    Column("IGV", lambda r: r.get("total_igv"), 12, money=True),
    Column("Total", lambda r: r.get("total"), 14, money=True),
    Column("Estado SUNAT", _status, 22),
]
FIELDS = ["issue_date", "doc_type", "series_code", "number", "customer_name", "customer_doc_number", "currency",
          "total_gravadas", "total_igv", "total", "electronic__status"]


def _rows_with_totals(rows, totals, limit: int):
    for row in rows.values(*FIELDS)[:limit].iterator(chunk_size=2000):
        yield row
    for item in totals:
        yield {"label": f"TOTAL {item.currency} ({item.count})", "currency": item.currency,
               "total_gravadas": item.gravadas, "total_igv": item.igv, "total": item.total,
               "customer_name": "Válidos; notas de crédito restan"}


def subtitle(filters) -> str:
    return f"Del {filters.date_from:%d/%m/%Y} al {filters.date_to:%d/%m/%Y}"


def documents_xlsx(*, rows, totals, filters) -> bytes:
    return export_xlsx(title="Comprobantes", columns=COLUMNS, rows=_rows_with_totals(rows, totals, EXCEL_MAX_ROWS),
                       subtitle=subtitle(filters))


def documents_pdf(*, rows, totals, filters, company, count: int) -> bytes:
    from yupana.masterdata.exporting import PDF_MAX_ROWS

    body = list(rows.values(*FIELDS)[:PDF_MAX_ROWS - len(totals)])
    tail = list(_rows_with_totals(rows.none(), totals, 0))
    return export_pdf(title="Comprobantes", columns=COLUMNS, rows=body + tail, company=company,
                      subtitle=subtitle(filters) + (f" · primeros {PDF_MAX_ROWS:,} de {count:,}" if count > len(body)
                                                   else ""), total=None)


__all__ = ["documents_pdf", "documents_xlsx"]
