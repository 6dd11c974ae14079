"""The upload reader: encodings, delimiters, formulas, big files and files that are not spreadsheets."""

import zipfile

import pytest

from yupana.masterdata.spreadsheets import SpreadsheetError, cell_text, normalize_header, open_sheet

from .files import write_csv, write_xlsx

SAMPLE = "Tipo;Número;Razón social\n6;20100070970;Compañía Ñandú S.A.C.\n\n1;45678901;José Pérez\n"


def read(path, **kwargs):
    with open_sheet(path, **kwargs) as sheet:
        return sheet.kind, sheet.encoding, sheet.headers, list(sheet.rows)


@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("latin-1", "cp1252"), ("cp1252", "cp1252"),
    ("utf-16", "utf-16")])
def test_csv_encodings_read_the_same_text(tmp_path, encoding, detected):
    # Given the same list saved by different programs
    path = write_csv(tmp_path / "clientes.csv", SAMPLE, encoding=encoding)
    # When read
    kind, found, headers, rows = read(path)
    # Then accents and the Ñ survive, the BOM is not part of the first header, blank lines are skipped
    assert (kind, found) == ("csv", detected)
    assert headers == ["Tipo", "Número", "Razón social"]
    assert rows == [(2, ["6", "20100070970", "Compañía Ñandú S.A.C."]), (4, ["1", "45678901", "José Pérez"])]


def test_csv_delimiters_comma_and_tab(tmp_path):
    comma = write_csv(tmp_path / "a.csv", 'codigo,descripcion,precio\nP1,"Arroz, 5 kg",25.50\n')
    tab = write_csv(tmp_path / "b.csv", "codigo\tdescripcion\tprecio\nP1\tArroz\t25.50\n")
    assert read(comma)[3] == [(2, ["P1", "Arroz, 5 kg", "25.50"])]
    assert read(tab)[3] == [(2, ["P1", "Arroz", "25.50"])]


def test_xlsx_values_and_numbers(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [["Código", "Precio"], ["P1", 25.5], [None, None], [123, 7]])
    kind, _enc, headers, rows = read(path)
    assert kind == "xlsx" and headers == ["Código", "Precio"]
    assert rows == [(2, ["P1", 25.5]), (4, [123, 7])]


def test_xlsx_formulas_are_read_as_the_value_excel_saved(tmp_path):
    # Given a price computed by a formula that Excel saved with its result 23.6
    path = write_xlsx(tmp_path / "f.xlsx", [["Código", "Costo", "Precio"], ["P1", 20, "=B2*1.18"]],
                      cached={"C2": "23.6"})
    # When read, Then the cell gives the value, not the formula text
    assert read(path)[3] == [(2, ["P1", 20, 23.6])]


@pytest.mark.parametrize("content, message", [
    (b"%PDF-1.7\n...", "es un PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "formato antiguo de Excel (.xls)"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "es una imagen"),
    (b"\x00\x01\x02\x03binary\x00\x00" * 20, "no es una hoja de cálculo"),
    (b"", "está vacío"),
])
def test_not_a_spreadsheet(tmp_path, content, message):
    path = tmp_path / "archivo.xlsx"
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "fotos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("foto.txt", "hola")
    with pytest.raises(SpreadsheetError, match="no un libro de Excel"):
        read(path)


def test_streams_100000_rows_and_refuses_more_than_the_limit(tmp_path):
    path = tmp_path / "grande.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("codigo,descripcion,precio\n")
        for i in range(100_001):
            fh.write(f"P{i},Producto {i},1.00\n")
    with open_sheet(path) as sheet:
        last = None
        count = 0
        for last in sheet.rows:
            count += 1
    assert count == 100_001 and last == (100_002, ["P100000", "Producto 100000", "1.00"])
    with pytest.raises(SpreadsheetError, match="más de 100 000 filas"):
        with open_sheet(path, max_rows=100_000) as sheet:
            for _ in sheet.rows:
                pass


def test_helpers():
    assert normalize_header("  Razón Social ") == "razon social"
    assert normalize_header("E-mail") == "e mail"
    assert cell_text(20100070970.0) == "20100070970"
    assert cell_text(25.5) == "25.5"
    assert cell_text(None) == ""
