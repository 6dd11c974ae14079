"""What SUNAT checks on the upload before reading the document: names and ZIP (01xx codes).

The ZIP itself is opened by the core (``packaging.unzip_document``), which answers SUNAT's
015x codes; here is only which names each operation takes.
"""

from __future__ import annotations

from yupana.sunat import packaging

from .codes import SunatError

BILL_TYPES = frozenset({"01", "03", "07", "08"})


def parse_zip_name(file_name: str, *, summary: bool) -> packaging.DocumentName:
    """The ZIP's name for sendBill (``summary=False``) or sendSummary; 0151/0152 otherwise."""
    if not file_name or not file_name.lower().endswith(".zip"):
        raise SunatError("0151", f"el nombre debe terminar en .zip: {file_name!r}")
    name = packaging.parse_name(file_name, code="0151")
    if not summary and name.is_summary:
        raise SunatError("0152")
    if summary and not name.is_summary:
        raise SunatError("0151", "sendSummary recibe resúmenes (RC) y comunicaciones de baja (RA)")
    if not summary and name.doc_type not in BILL_TYPES:
        raise SunatError("0151", f"billService no recibe el tipo {name.doc_type}")
    return name


def read_zip(file_name: str, content: bytes) -> bytes:
    """The one XML inside (0155, 0156, 0157, 0158, 0159, 0160, 0161 from the core)."""
    _name, xml = packaging.unzip_document(content, file_name)
    return xml
