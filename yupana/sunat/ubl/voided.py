"""VoidedDocuments (RA, comunicación de baja) in SUNAT's UBL 2.0 schema, version 1.0."""

from __future__ import annotations

from ..model import Voided
from . import parts
from .summary import batch_supplier
from .xml import DECLARATION, EXTENSIONS, NS_VOIDED, el, root


def render_voided(voided: Voided) -> bytes:
    out = [
        DECLARATION,
        root("VoidedDocuments", NS_VOIDED, "cac", "cbc", "ext", "sac"),
        EXTENSIONS,
        "<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:CustomizationID>1.0</cbc:CustomizationID>",
        f"<cbc:ID>{voided.id}</cbc:ID><cbc:ReferenceDate>{voided.reference_date.isoformat()}</cbc:ReferenceDate>",
        f"<cbc:IssueDate>{voided.issue_date.isoformat()}</cbc:IssueDate>",
        parts.signature(voided.issuer),
        batch_supplier(voided.issuer),
    ]
    for position, line in enumerate(voided.lines, start=1):
        out.append(
            f"<sac:VoidedDocumentsLine><cbc:LineID>{position}</cbc:LineID><cbc:DocumentTypeCode>{line.doc_type.value}</cbc:DocumentTypeCode>"
            f"<sac:DocumentSerialID>{line.series}</sac:DocumentSerialID><sac:DocumentNumberID>{line.number}</sac:DocumentNumberID>"
            f"{el('sac:VoidReasonDescription', line.reason)}</sac:VoidedDocumentsLine>"
        )
    out.append("</VoidedDocuments>")
    return "".join(out).encode("utf-8")
