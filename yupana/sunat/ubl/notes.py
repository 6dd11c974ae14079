"""CreditNote (07) and DebitNote (08) in UBL 2.1, SUNAT customization 2.0.

A note names the document it modifies (BillingReference) and why (DiscrepancyResponse, catalog
09 or 10). It carries no FormaPago: a credit note with "Contado" is rejected (3246).
"""

from __future__ import annotations

from ..catalogs import DocumentType
from ..taxes import Computed
from . import parts
from .xml import DECLARATION, EXTENSIONS, NS_CREDIT_NOTE, NS_DEBIT_NOTE, attrs, el, root

_KINDS = {
    DocumentType.CREDIT_NOTE: ("CreditNote", NS_CREDIT_NOTE, "CreditNoteLine", "CreditedQuantity", "LegalMonetaryTotal", "09", "Tipo de nota de credito"),
    DocumentType.DEBIT_NOTE: ("DebitNote", NS_DEBIT_NOTE, "DebitNoteLine", "DebitedQuantity", "RequestedMonetaryTotal", "10", "Tipo de nota de debito"),
}
_DOC_TYPE_ATTRS = attrs(listAgencyName="PE:SUNAT", listName="Tipo de Documento", listURI=parts.CAT_URI + "01")


def render_note(computed: Computed) -> bytes:
    doc = computed.doc
    currency = doc.currency.value
    totals = computed.totals
    tag, namespace, line_tag, quantity_tag, total_tag, catalog, list_name = _KINDS[doc.doc_type]
    reason_attrs = attrs(listAgencyName="PE:SUNAT", listName=list_name, listURI=parts.CAT_URI + catalog)
    out = [
        DECLARATION,
        root(tag, namespace, "cac", "cbc", "ext"),
        EXTENSIONS,
        '<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID schemeAgencyName="PE:SUNAT">2.0</cbc:CustomizationID>',
        f"<cbc:ID>{doc.series}-{doc.number}</cbc:ID><cbc:IssueDate>{doc.issue_date.isoformat()}</cbc:IssueDate>",
    ]
    if doc.issue_time is not None:
        out.append(f"<cbc:IssueTime>{doc.issue_time.strftime('%H:%M:%S')}</cbc:IssueTime>")
    out.append(parts.legends(computed))
    out.append(parts.currency_code(currency))
    out.append(
        f"<cac:DiscrepancyResponse><cbc:ReferenceID>{doc.reference_id}</cbc:ReferenceID>"
        f"<cbc:ResponseCode{reason_attrs}>{doc.reason.value}</cbc:ResponseCode>{el('cbc:Description', doc.reason_text)}"
        "</cac:DiscrepancyResponse>"
    )
    out.append(
        f"<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{doc.reference_id}</cbc:ID>"
        f"<cbc:DocumentTypeCode{_DOC_TYPE_ATTRS}>{doc.reference_type.value}</cbc:DocumentTypeCode>"
        "</cac:InvoiceDocumentReference></cac:BillingReference>"
    )
    out.append(parts.signature(doc.issuer))
    out.append(parts.supplier(doc.issuer))
    out.append(parts.customer(doc.customer))
    out.append(parts.tax_total(totals, currency))
    out.append(parts.monetary_total(totals, currency, total_tag))
    out.extend(parts.line(cl, currency, line_tag, quantity_tag) for cl in computed.lines)
    out.append(f"</{tag}>")
    return "".join(out).encode("utf-8")
