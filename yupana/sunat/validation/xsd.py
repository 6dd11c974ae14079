"""XSD validation: UBL 2.1 for facturas, boletas and notes; SUNAT's 2.0 schemas for RC and RA.

Each schema is parsed and compiled once per process, on first use. lxml validators keep
their error log on the object, so each one is used under its own lock (validation takes
tens of microseconds; the lock costs nothing that matters).
"""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import etree

from yupana.sunat.validation.report import Problem

XSD_DIR = Path(__file__).resolve().parent.parent / "data" / "xsd"

UBL = "urn:oasis:names:specification:ubl:schema:xsd:"
SUNAT = "urn:sunat:names:specification:ubl:peru:schema:xsd:"
# (root namespace, local name, UBL version) -> schema path under data/xsd
SCHEMAS = {
    ("Invoice", "2.1"): "2.1/maindoc/UBL-Invoice-2.1.xsd",
    ("CreditNote", "2.1"): "2.1/maindoc/UBL-CreditNote-2.1.xsd",
    ("DebitNote", "2.1"): "2.1/maindoc/UBL-DebitNote-2.1.xsd",
    ("Invoice", "2.0"): "2.0/maindoc/UBLPE-Invoice-1.0.xsd",
    ("CreditNote", "2.0"): "2.0/maindoc/UBLPE-CreditNote-1.0.xsd",
    ("DebitNote", "2.0"): "2.0/maindoc/UBLPE-DebitNote-1.0.xsd",
    ("SummaryDocuments", "2.0"): "2.0/maindoc/UBLPE-SummaryDocuments-1.0.xsd",
    ("VoidedDocuments", "2.0"): "2.0/maindoc/UBLPE-VoidedDocuments-1.0.xsd",
}
ROOT_NAMESPACES = {
    "Invoice": UBL + "Invoice-2",
    "CreditNote": UBL + "CreditNote-2",
    "DebitNote": UBL + "DebitNote-2",
    "SummaryDocuments": SUNAT + "SummaryDocuments-1",
    "VoidedDocuments": SUNAT + "VoidedDocuments-1",
}
# SUNAT answers a document its schema refuses with 0306 and the parser's message.
SCHEMA_ERROR_CODE = "0306"
MAX_PROBLEMS = 20

_compiled: dict[str, tuple[etree.XMLSchema, threading.Lock]] = {}
_compile_lock = threading.Lock()


def schema_key(root: etree._Element) -> tuple[str, str] | None:
    """Which schema a document needs, from its root element and UBLVersionID."""
    qname = etree.QName(root)
    if qname.localname not in ROOT_NAMESPACES or ROOT_NAMESPACES[qname.localname] != qname.namespace:
        return None
    if qname.localname in ("SummaryDocuments", "VoidedDocuments"):
        return (qname.localname, "2.0")
    version = (root.findtext("{%sCommonBasicComponents-2}UBLVersionID" % UBL) or "2.1").strip()
    return (qname.localname, "2.0" if version == "2.0" else "2.1")


def _schema(path: str) -> tuple[etree.XMLSchema, threading.Lock]:
    found = _compiled.get(path)
    if found is None:
        with _compile_lock:
            found = _compiled.get(path)
            if found is None:
                schema = etree.XMLSchema(etree.parse(str(XSD_DIR / path)))
                found = (schema, threading.Lock())
                _compiled[path] = found
    return found


def preload() -> None:
    """Compile every schema now (a server does it at start instead of on the first request)."""
    for path in set(SCHEMAS.values()):
        _schema(path)


def validate_schema(root: etree._Element) -> list[Problem]:
    """Schema violations as 0306 problems, each with its line and libxml2's message."""
    key = schema_key(root)
    if key is None:
        qname = etree.QName(root)
        return [Problem.of(SCHEMA_ERROR_CODE, f"elemento raíz desconocido: {qname.text}")]
    schema, lock = _schema(SCHEMAS[key])
    with lock:
        if schema.validate(root):
            return []
        log = list(schema.error_log)
    problems = []
    for entry in log[:MAX_PROBLEMS]:
        problems.append(Problem.of(SCHEMA_ERROR_CODE, f"línea {entry.line}: {entry.message}"))
    return problems
