"""Streaming reader for the spreadsheets users upload: .xlsx (openpyxl read-only) and CSV.

Rows are yielded one at a time so a 100,000-row file never sits in memory. Formulas in .xlsx are
read as the value Excel calculated and saved with the file (``data_only=True``): that is what the
user sees on screen. Anything that is not a spreadsheet is refused with a Spanish message.
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

SNIFF_BYTES = 64 * 1024


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message is for the user (Spanish)."""


@dataclass
class Sheet:
    kind: str  # "xlsx" or "csv"
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as the user sees it, cell values)
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


def normalize_header(text) -> str:
    """'Razón Social ' -> 'razon social': for matching columns by name."""
    value = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in value.lower()).split())


def cell_text(value) -> str:
    """A cell as text without float noise: 20100070970.0 -> '20100070970'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _sniff_kind(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            "El archivo está en el formato antiguo de Excel (.xls). Ábralo en Excel y guárdelo como "
            "«Libro de Excel (.xlsx)» o como «CSV (delimitado por comas)».")
    if head.startswith(b"%PDF"):
        raise SpreadsheetError("El archivo es un PDF, no una hoja de cálculo. Suba un archivo .xlsx o .csv.")
    for magic, what in ((b"\x89PNG", "una imagen"), (b"\xff\xd8\xff", "una imagen"), (b"GIF8", "una imagen"),
                        (b"Rar!", "un archivo RAR"), (b"\x1f\x8b", "un archivo comprimido")):
        if head.startswith(magic):
            raise SpreadsheetError(f"El archivo es {what}, no una hoja de cálculo. Suba un archivo .xlsx o .csv.")
    return "text"


@contextmanager
def open_sheet(path, *, max_rows: int | None = None):
    """Open an uploaded file and yield a Sheet; raises SpreadsheetError with a Spanish message."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise SpreadsheetError("El archivo está vacío.")
    kind = _sniff_kind(head)
    if kind == "zip":
        with _open_xlsx(path, max_rows) as sheet:
            yield sheet
    else:
        with _open_csv(path, head, max_rows) as sheet:
            yield sheet


def _limit(rows: Iterator[tuple[int, list]], max_rows: int | None) -> Iterator[tuple[int, list]]:
    count = 0
    for number, values in rows:
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue  # blank lines between data are common; they are not rows
        count += 1
        if max_rows is not None and count > max_rows:
            raise SpreadsheetError(
                f"El archivo tiene más de {max_rows:,} filas de datos. Divídalo en archivos más pequeños "
                "o use el comando «yupana import» para migraciones grandes.".replace(",", " "))
        yield number, values


@contextmanager
def _open_xlsx(path, max_rows):
    import openpyxl  # imported here: only needed for .xlsx
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise SpreadsheetError("El archivo parece un .xlsx pero está dañado o incompleto.")
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise SpreadsheetError("El archivo es de LibreOffice/OpenOffice (.ods). Guárdelo como .xlsx o .csv.")
        raise SpreadsheetError("El archivo es un ZIP, no un libro de Excel (.xlsx).")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise SpreadsheetError(f"No se pudo leer el libro de Excel: el archivo está dañado ({type(exc).__name__}).")
    try:
        sheet = workbook.worksheets[0]
        raw = ((n, list(vals)) for n, vals in enumerate(sheet.iter_rows(values_only=True), start=1))
        headers: list[str] = []
        for number, values in raw:
            if any(v not in (None, "") for v in values):
                headers = [cell_text(v) for v in values]
                break
        if not headers:
            raise SpreadsheetError("La primera hoja del libro está vacía.")
        notes = []
        if len(workbook.worksheets) > 1:
            notes.append(f"Se leyó solo la primera hoja («{sheet.title}»).")
        yield Sheet(kind="xlsx", headers=headers, rows=_limit(raw, max_rows), notes=notes)
    finally:
        workbook.close()


def _detect_encoding(path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's «Texto Unicode»
    if b"\x00" in head:
        raise SpreadsheetError("El archivo no es una hoja de cálculo ni un CSV de texto. Suba un archivo .xlsx o .csv.")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # Excel on Spanish Windows saves CSV in Windows-1252, a superset of Latin-1's letters
        with open(path, "rb") as fh:
            while chunk := fh.read(1024 * 1024):
                chunk.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > max(2, len(text) // 100)


@contextmanager
def _open_csv(path, head: bytes, max_rows):
    encoding = _detect_encoding(path, head)
    sample = head.decode(encoding if encoding != "utf-8" else "utf-8", errors="ignore")
    if _looks_binary(sample):
        raise SpreadsheetError("El archivo no es una hoja de cálculo ni un CSV de texto. Suba un archivo .xlsx o .csv.")
    first_lines = "\n".join(sample.lstrip("\ufeff").splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(first_lines, delimiters=",;\t|").delimiter
    except csv.Error:
        header_line = first_lines.split("\n", 1)[0]
        delimiter = max(",;\t|", key=header_line.count)
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        raw = ((reader.line_num, row) for row in reader)
        try:
            headers: list[str] = []
            for _number, values in raw:
                if any(v.strip() for v in values):
                    headers = [v.strip() for v in values]
                    break
            if not headers:
                raise SpreadsheetError("El archivo CSV no tiene filas.")
            yield Sheet(kind="csv", headers=headers, rows=_csv_rows(raw, max_rows), encoding=encoding,
                        delimiter=delimiter)
        except csv.Error as exc:
            raise SpreadsheetError(f"El archivo CSV está mal formado: {exc}.")


def _csv_rows(raw, max_rows):
    try:
        yield from _limit(raw, max_rows)
    except csv.Error as exc:
        raise SpreadsheetError(f"El archivo CSV está mal formado: {exc}.")


ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 con BOM", "utf-16": "UTF-16 (Texto Unicode)",
                   "cp1252": "Windows-1252 / Latin-1", "latin-1": "Latin-1"}


