"""Statement, aging and receipt files: PDF (delivery's WeasyPrint helper) and Excel (openpyxl, write-only)."""

from __future__ import annotations

import io
import re
import zipfile

from django.template.loader import render_to_string

from .selectors import BUCKETS

MONEY_FORMAT = '#,##0.00'


def render_pdf(template_name: str, context: dict) -> bytes:
    from yupana.delivery.pdf import html_to_pdf

    return html_to_pdf(render_to_string(template_name, context))


def statement_pdf(statement) -> bytes:
    return render_pdf("receivables/pdf/statement.html", {"s": statement})


def receipt_pdf(payment, applications) -> bytes:
    return render_pdf("receivables/pdf/receipt.html", {"payment": payment, "applications": applications,
                                                       "company": payment.company})


def aging_pdf(aging, company) -> bytes:
    return render_pdf("receivables/pdf/aging.html", {"aging": aging, "company": company, "buckets": BUCKETS})


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
