"""Exports of a filtered list, as on screen: Excel (.xlsx, openpyxl write-only) and PDF (WeasyPrint).

Both take the same column spec so the two files and the screen show the same columns. Text cells are
written as text explicitly: a customer named "=HYPERLINK(...)" must not become a live formula.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

PDF_MAX_ROWS = 500  # WeasyPrint lays out about 100 table rows a second on this machine; Excel has no cap


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 18
    money: bool = False


def export_xlsx(*, title: str, columns: list[Column], rows: Iterable, subtitle: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = column.value(row)
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if column.money and isinstance(value, Decimal):
                    cell.number_format = "#,##0.00##"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_pdf(*, title: str, columns: list[Column], rows: Iterable, company=None, subtitle: str = "",
               total: int | None = None) -> bytes:
    """A printable list of at most PDF_MAX_ROWS rows (the PDF says so): paper is for reading, Excel for
    everything. ``total`` is the size of the whole list when the caller already sliced it."""
    import weasyprint

    body = []
    for row in rows:
        if len(body) == PDF_MAX_ROWS:
            break
        body.append([_pdf_text(column.value(row), column) for column in columns])
    total = len(body) if total is None else total
    html = render_to_string("masterdata/export_pdf.html", {
        "title": title, "subtitle": subtitle, "company": company, "headers": [c.header for c in columns],
        "rows": body, "total": total, "truncated": total > len(body), "max_rows": len(body),
        "generated": timezone.localtime(),
    })
    return weasyprint.HTML(string=html).write_pdf()


def _pdf_text(value, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:,f}"
    return str(value)


def import_template(resource) -> bytes:
    """The spreadsheet users fill in: the columns with an example row, and a sheet explaining each one."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = resource.label.capitalize()[:31]
    sheet.append([f.label for f in resource.fields])
    sheet.append([f.example for f in resource.fields])
    for index, f in enumerate(resource.fields, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.cell(row=2, column=index).data_type = "s"
        sheet.cell(row=2, column=index).number_format = "@"  # text: keeps a DNI's leading zeros
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(f.label) + 4)
    help_sheet = workbook.create_sheet("Instrucciones")
    help_sheet.append(["Columna", "Obligatoria", "Qué escribir"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for f in resource.fields:
        help_sheet.append([f.label, "Sí" if f.required else "No", f.help or f"Ejemplo: {f.example}"])
    help_sheet.append([])
    help_sheet.append(["Borre la fila de ejemplo antes de importar. Las columnas se pueden ordenar como "
                       "prefiera: en el siguiente paso se indica cuál es cuál."])
    help_sheet.column_dimensions["A"].width = 26
    help_sheet.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
