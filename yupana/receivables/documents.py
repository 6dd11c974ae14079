"""Statement, aging and receipt files: PDF (WeasyPrint) and Excel (openpyxl, write-only).

PDFs are rendered here rather than through delivery's helper because batches need two things it does
not offer: one FontConfiguration per process (font discovery is a good part of a small page's cost)
and rendering in a pool of processes (WeasyPrint's layout is pure Python: one core per PDF).
"""

from __future__ import annotations

import io
import re
import zipfile

from django.template.loader import render_to_string

from .selectors import BUCKETS

MONEY_FORMAT = '#,##0.00'


_FONTS = None


def html_to_pdf(html: str) -> bytes:
    """PDF bytes with this process's font configuration (created once)."""
    global _FONTS
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _FONTS is None:
        _FONTS = FontConfiguration()
    return HTML(string=html, base_url="/").write_pdf(font_config=_FONTS)


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))


def statement_html(statement) -> str:
    return render_to_string("receivables/pdf/statement.html", {"s": statement})


def pdf_workers() -> int:
    """Processes for batch PDFs: ``YUPANA_PDF_WORKERS`` or the machine's cores (at most 4)."""
    import os

    from django.conf import settings

    configured = getattr(settings, "YUPANA_PDF_WORKERS", None) or os.environ.get("YUPANA_PDF_WORKERS")
    return max(1, int(configured)) if configured else max(1, min(4, os.cpu_count() or 1))


def statement_pdf(statement) -> bytes:
    return html_to_pdf(statement_html(statement))


def receipt_pdf(payment, applications) -> bytes:
    return render_pdf("receivables/pdf/receipt.html", {"payment": payment, "applications": applications,
                                                       "company": payment.company})


PDF_ROWS = 1000  # WeasyPrint lays tables out slowly; Excel carries every row


def aging_pdf(aging, company) -> bytes:
    """The aging as PDF, first ``PDF_ROWS`` customers (the totals are always of all of them)."""
    return render_pdf("receivables/pdf/aging.html", {"aging": aging, "rows": aging.rows[:PDF_ROWS],
                                                     "cut": max(0, len(aging.rows) - PDF_ROWS),
                                                     "company": company, "buckets": BUCKETS})


def _text(value) -> str:
    """Text cells never start with '=' (a formula in Excel)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]\*\?/\\:]", " ", name).strip()[:28] or "Cliente"
    title, n = base, 2
    while title.lower() in used:
        title = f"{base[:25]} {n}"
        n += 1
    used.add(title.lower())
    return title


def _write_statement(sheet, statement) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    def money(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell

    bold = Font(bold=True)
    title = WriteOnlyCell(sheet, value=f"Estado de cuenta - {statement.customer.name}")
    title.font = bold
    sheet.append([title])
    sheet.append([f"{statement.company.business_name} (RUC {statement.company.ruc})"])
    sheet.append([f"Cliente: {_text(statement.customer.document_label)}",
                  f"Del {statement.date_from:%d/%m/%Y} al {statement.date_to:%d/%m/%Y}", "Importes en soles"])
    sheet.append([])
    sheet.append(["Fecha", "Movimiento", "Número", "Detalle", "Vence", "Cargo", "Abono", "Saldo"])
    sheet.append([statement.date_from, "Saldo inicial", "", "", "", None, None, money(statement.opening)])
    for line in statement.lines:
        sheet.append([line.date, line.label, line.reference, _text(line.detail), line.due_date,
                      money(line.debit) if line.debit else None, money(line.credit) if line.credit else None,
                      money(line.balance)])
    sheet.append([statement.date_to, "Saldo final", "", "", "", money(statement.total_debit),
                  money(statement.total_credit), money(statement.closing)])
    if statement.overdue:
        sheet.append([])
        sheet.append(["Cuotas vencidas al " + statement.as_of.strftime("%d/%m/%Y")])
        sheet.append(["Comprobante", "Cuota", "Emisión", "Vencimiento", "Días vencido", "Saldo"])
        for item in statement.overdue:
            sheet.append([item.document_id, item.position, item.issue_date, item.due_date, item.days,
                          money(item.balance)])


def statements_xlsx(statements) -> bytes:
    """One sheet per statement (one workbook for one or many customers)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for statement in statements:
        sheet = book.create_sheet(_sheet_title(statement.customer.name, used))
        _write_statement(sheet, statement)
    if not used:
        book.create_sheet("Sin clientes").append(["Ningún cliente cumple el filtro."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def aging_xlsx(aging, company) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Antigüedad")
    sheet.append([f"Antigüedad de saldos al {aging.as_of:%d/%m/%Y} - {company.business_name}"])
    sheet.append(["Documento", "Cliente", *(label for _, label in BUCKETS), "Total"])
    for row in [*aging.rows, aging.totals]:
        sheet.append([_text(row.document_number), _text(row.name), *(getattr(row, key) for key, _ in BUCKETS),
                      row.total])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def statement_file_name(statement, ext: str) -> str:
    number = statement.customer.document_number or str(statement.customer.pk)
    return f"estado-de-cuenta-{number}-{statement.date_to:%Y%m%d}.{ext}"


class ZipWriter:
    """Adds PDFs one by one to an in-memory ZIP (statements for many customers)."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)
        self.names: set[str] = set()

    def add(self, name: str, data: bytes) -> None:
        base, n = name, 2
        while name in self.names:
            name = base.replace(".pdf", f"-{n}.pdf")
            n += 1
        self.names.add(name)
        self.zip.writestr(name, data)

    def close(self) -> bytes:
        self.zip.close()
        return self.buffer.getvalue()
