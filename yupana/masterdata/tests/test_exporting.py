"""Exporters on their own: Excel cell types and the PDF's cap."""

import io
from decimal import Decimal

import openpyxl
from pypdf import PdfReader

from yupana.masterdata import exporting
from yupana.masterdata.exporting import Column

COLUMNS = [Column("Código", lambda r: r[0]), Column("Precio", lambda r: r[1], money=True)]


def test_xlsx_keeps_decimals_as_numbers_and_text_as_text():
    data = exporting.export_xlsx(title="Productos", columns=COLUMNS,
                                 rows=[("001", Decimal("25.50")), ("=1+1", Decimal("0.1234"))])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Código", "Precio"], ["001", 25.5], ["=1+1", 0.1234]]
    assert sheet["A2"].data_type == "s" and sheet["A3"].data_type == "s"  # leading zero and "=" kept as text
    assert sheet["B2"].number_format == "#,##0.00##"


def test_pdf_is_capped_and_says_so(monkeypatch):
    monkeypatch.setattr(exporting, "PDF_MAX_ROWS", 3)
    data = exporting.export_pdf(title="Productos", columns=COLUMNS,
                                rows=[(f"P{i}", Decimal("1")) for i in range(5)], total=5)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "P2" in text and "P3" not in text
    assert "El PDF muestra los primeros 3 registros de 5" in " ".join(text.split())
