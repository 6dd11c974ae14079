"""Read SUNAT's answer (CDR, "constancia de recepción"): ``parse(data) -> Cdr``.

Lenient on purpose: real CDRs do not validate against the ApplicationResponse XSD (dateTime in
IssueDate, missing wrappers, ISO-8859-1...), arrive zipped with an empty ``dummy`` entry, and
OSEs put observations in ``cac:Status/cbc:StatusReasonCode`` instead of ``cbc:Note``.
The raw bytes are kept: the CDR is the legal proof and must be stored as received.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from enum import Enum

from lxml import etree

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_NOTE_RE = re.compile(r"^\s*(\d{1,4})\s*-\s*(.*)$", re.S)


class CdrError(ValueError):
    """The bytes are not a CDR we can read (message in Spanish)."""


class Outcome(str, Enum):
    ACCEPTED = "ACCEPTED"  # ResponseCode 0, no observations
    OBSERVED = "OBSERVED"  # accepted with observations (notes 4000+)
    REJECTED = "REJECTED"  # 2000-3999: the number is used up
    EXCEPTION = "EXCEPTION"  # 0100-1999: nothing was registered, resend after fixing

    @property
    def accepted(self) -> bool:
        return self in (Outcome.ACCEPTED, Outcome.OBSERVED)


@dataclass(frozen=True)
class Cdr:
    code: str
    description: str
    notes: list[tuple[str, str]]
    document_id: str | None
    outcome: Outcome
    raw: bytes = field(repr=False)
    xml: bytes = field(repr=False, default=b"")
    file_name: str | None = None
    response_date: str | None = None
    response_time: str | None = None

    @property
    def accepted(self) -> bool:
        """SUNAT registered the document (with or without observations)."""
        return self.outcome.accepted

    @property
    def code_number(self) -> int:
        return int(self.code)


def outcome_for(code: str | int, notes: list[tuple[str, str]] = ()) -> Outcome:
    """The meaning of a ResponseCode (and its notes), per SUNAT's ranges."""
    number = int(code)
    if number == 0 or number >= 4000:
        observed = number >= 4000 or any(c.isdigit() and int(c) >= 4000 for c, _ in notes)
        return Outcome.OBSERVED if observed else Outcome.ACCEPTED
    if number >= 2000:
        return Outcome.REJECTED
    return Outcome.EXCEPTION


def _xml_from_zip(data: bytes) -> tuple[bytes, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [e for e in archive.infolist() if not e.is_dir() and e.file_size > 0]
    except zipfile.BadZipFile as exc:
        raise CdrError(f"El CDR no es un ZIP válido: {exc}") from exc
    xml_entries = [e for e in entries if e.filename.lower().endswith(".xml")]
    candidates = [e for e in xml_entries if e.filename.rsplit("/", 1)[-1].upper().startswith("R-")]
    chosen = (candidates or xml_entries or entries or [None])[0]
    if chosen is None:
        raise CdrError("El ZIP del CDR no contiene ningún XML")
    try:
        return archive.read(chosen), chosen.filename
    except (zipfile.BadZipFile, OSError) as exc:
        raise CdrError(f"El CDR está dañado: {exc}") from exc


def _text(node: etree._Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None and node.text else ""


def parse(data: bytes) -> Cdr:
    """Parse a CDR given as the ZIP SUNAT returns (``R-*.zip``) or as its XML."""
    if not data:
        raise CdrError("El CDR está vacío")
    file_name = None
    xml = data
    if data[:2] == b"PK":
        xml, file_name = _xml_from_zip(data)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise CdrError(f"El CDR no es un XML legible: {exc}") from exc
    if root is None:
        raise CdrError("El CDR no es un XML legible")

    response = next(root.iter(f"{{{CAC}}}Response"), None)
    code_node = response.find(f"{{{CBC}}}ResponseCode") if response is not None else None
    if code_node is None:
        code_node = next(root.iter(f"{{{CBC}}}ResponseCode"), None)
    code = _text(code_node)
    if not code.isdigit():
        raise CdrError("El CDR no tiene un ResponseCode numérico")
    description = _text(response.find(f"{{{CBC}}}Description")) if response is not None else ""

    notes: list[tuple[str, str]] = []
    for note in root.findall(f"{{{CBC}}}Note"):
        text = _text(note)
        match = _NOTE_RE.match(text)
        notes.append((match.group(1).zfill(4), match.group(2).strip()) if match else ("", text))
    # OSE variant: observations as cac:Status inside the response
    if response is not None:
        for status in response.iterfind(f"{{{CAC}}}Status"):
            status_code = _text(status.find(f"{{{CBC}}}StatusReasonCode"))
            if status_code:
                reason = _text(status.find(f"{{{CBC}}}StatusReason"))
                entry = (status_code.zfill(4) if status_code.isdigit() else status_code, reason)
                if entry not in notes:
                    notes.append(entry)

    document_id = None
    reference = next(root.iter(f"{{{CAC}}}DocumentReference"), None)
    if reference is not None:
        document_id = _text(reference.find(f"{{{CBC}}}ID")) or None
    if document_id is None and response is not None:
        document_id = _text(response.find(f"{{{CBC}}}ReferenceID")) or None

    return Cdr(
        code=code,
        description=description,
        notes=notes,
        document_id=document_id,
        outcome=outcome_for(code, notes),
        raw=data,
        xml=xml,
        file_name=file_name,
        response_date=_text(root.find(f"{{{CBC}}}ResponseDate")) or None,
        response_time=_text(root.find(f"{{{CBC}}}ResponseTime")) or None,
    )
