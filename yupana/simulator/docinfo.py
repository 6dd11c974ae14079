"""Facts the simulator reads from a received document to answer it (not validation)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .codes import SunatError

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
SAC = "urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1"
NS = {"cbc": CBC, "cac": CAC, "sac": SAC}
SUMMARY_ROOTS = {"SummaryDocuments", "VoidedDocuments", "ReversionDocuments"}
# The settings of ``signing.parse_xml``: the tree is handed on to the core's validation.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class DocInfo:
    root: str  # local name of the root element
    id: str  # cbc:ID as written (F001-00000587)
    issue_date: str
    recipient: str | None  # "6-20587896411" as SUNAT writes it in the CDR
    effects: list = field(default_factory=list)  # summaries: [doc_type, series, number, status]

    @property
    def is_summary(self) -> bool:
        return self.root in SUMMARY_ROOTS


def _text(node, path: str) -> str:
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def parse(xml: bytes) -> etree._Element:
    """The received document's tree, parsed once for these facts and the validation; 0306 when
    the XML cannot be parsed."""
    try:
        return etree.fromstring(xml, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise SunatError("0306", str(exc)) from None


def read(root: etree._Element) -> DocInfo:
    """Root, ID, date, customer and summary lines."""
    name = etree.QName(root).localname
    customer = root.find("cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID", NS)
    recipient = None
    if customer is not None and customer.text:
        recipient = f"{customer.get('schemeID', '')}-{customer.text.strip()}"
    effects: list = []
    if name == "SummaryDocuments":
        for line in root.iterfind("sac:SummaryDocumentsLine", NS):
            series, _, number = _text(line, "cbc:ID").rpartition("-")
            condition = _text(line, "cac:Status/cbc:ConditionCode")
            if series and number.isdigit():
                status = "voided" if condition == "3" else "accepted"
                effects.append([_text(line, "cbc:DocumentTypeCode"), series, int(number), status])
    elif name == "VoidedDocuments":
        for line in root.iterfind("sac:VoidedDocumentsLine", NS):
            number = _text(line, "sac:DocumentNumberID")
            if number.isdigit():
                effects.append([_text(line, "cbc:DocumentTypeCode"), _text(line, "sac:DocumentSerialID"),
                                int(number), "voided"])
    return DocInfo(name, _text(root, "cbc:ID"), _text(root, "cbc:IssueDate"), recipient, effects)
