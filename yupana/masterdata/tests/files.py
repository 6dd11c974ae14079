"""Builders of the files users upload, written byte by byte as Excel and Windows would."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl


def write_xlsx(path: Path, rows: list[list], *, cached: dict[str, str] | None = None) -> Path:
    """An .xlsx with the given rows. Cells starting with "=" are formulas; `cached` gives the value
    Excel would have saved for them ({"C2": "40"}), as openpyxl itself cannot compute formulas."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    if cached:
        with zipfile.ZipFile(path) as zf:
            items = {name: zf.read(name) for name in zf.namelist()}
        xml = items["xl/worksheets/sheet1.xml"].decode()
        for ref, value in cached.items():
            xml = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(</v>)?', rf"\1\2<v>{value}</v>", xml)
        items["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in items.items():
                zf.writestr(name, data)
    return path


def write_csv(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """CSV as Excel saves it: CRLF line ends; encoding "utf-8-sig" adds the BOM."""
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path
