"""SummaryDocuments (RC, resumen diario) in SUNAT's UBL 2.0 schema, version 1.1.

One line per boleta or boleta note with its status (catalog 19: 1 add, 2 modify, 3 void), its
totals, the customer when known (required above S/ 700, rule 2514), the referenced boleta for
notes, and the rate of each tax (``cbc:Percent``, rule 2992).
"""

from __future__ import annotations

from decimal import Decimal

from ..catalogs import TaxScheme
from ..model import Issuer, Summary, SummaryLine
from . import parts
from .xml import DECLARATION, EXTENSIONS, NS_SUMMARY, amount, el, plain, root, text

_SCHEMES = {scheme: parts._tax_scheme(scheme) for scheme in (TaxScheme.IGV, TaxScheme.ISC, TaxScheme.ICBPER)}


def batch_supplier(issuer: Issuer) -> str:
    """The UBL 2.0 supplier block of RC and RA."""
    return (
        f"<cac:AccountingSupplierParty><cbc:CustomerAssignedAccountID>{issuer.ruc}</cbc:CustomerAssignedAccountID>"
        f"<cbc:AdditionalAccountID>6</cbc:AdditionalAccountID><cac:Party><cac:PartyLegalEntity>"
        f"{el('cbc:RegistrationName', issuer.legal_name)}</cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>"
    )


def _tax(scheme: TaxScheme, taxable, tax, percent, currency: str) -> str:
    return (
        f"<cac:TaxTotal>{amount('TaxAmount', tax, currency)}<cac:TaxSubtotal>{amount('TaxableAmount', taxable, currency)}"
        f"{amount('TaxAmount', tax, currency)}<cac:TaxCategory><cbc:Percent>{plain(percent)}</cbc:Percent>"
        f"{_SCHEMES[scheme]}</cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>"
    )


def _line(position: int, line: SummaryLine) -> str:
    currency = line.currency.value
    out = [
        f"<sac:SummaryDocumentsLine><cbc:LineID>{position}</cbc:LineID>",
        f"<cbc:DocumentTypeCode>{line.doc_type.value}</cbc:DocumentTypeCode><cbc:ID>{line.id}</cbc:ID>",
    ]
    if line.customer is not None:
        out.append(
            f"<cac:AccountingCustomerParty><cbc:CustomerAssignedAccountID>{text(line.customer.number)}</cbc:CustomerAssignedAccountID>"
            f"<cbc:AdditionalAccountID>{line.customer.doc_type.value}</cbc:AdditionalAccountID></cac:AccountingCustomerParty>"
        )
    if line.reference_type is not None:
        out.append(
            f"<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{line.reference_id}</cbc:ID>"
            f"<cbc:DocumentTypeCode>{line.reference_type.value}</cbc:DocumentTypeCode></cac:InvoiceDocumentReference></cac:BillingReference>"
        )
    out.append(f"<cac:Status><cbc:ConditionCode>{line.status.value}</cbc:ConditionCode></cac:Status>")
    out.append(f'<sac:TotalAmount currencyID="{currency}">{line.total:.2f}</sac:TotalAmount>')
    payments = [("01", line.gravadas), ("02", line.exoneradas), ("03", line.inafectas), ("04", line.exportacion), ("05", line.gratuitas)]
    shown = [(code, value) for code, value in payments if value] or [("01", line.gravadas)]
    for code, value in shown:
        out.append(
            f"<sac:BillingPayment>{amount('PaidAmount', value, currency)}<cbc:InstructionID>{code}</cbc:InstructionID></sac:BillingPayment>"
        )
    out.append(_tax(TaxScheme.IGV, line.gravadas, line.igv, line.igv_rate, currency))
    if line.isc:
        out.append(_tax(TaxScheme.ISC, line.gravadas, line.isc, Decimal("0"), currency))
    if line.icbper:
        out.append(
            f"<cac:TaxTotal>{amount('TaxAmount', line.icbper, currency)}<cac:TaxSubtotal>{amount('TaxAmount', line.icbper, currency)}"
            # ICBPER is per bag, not a percent; every RC subtotal states a rate (2992), so 0.
            f"<cac:TaxCategory><cbc:Percent>0</cbc:Percent>{_SCHEMES[TaxScheme.ICBPER]}</cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>"
        )
    out.append("</sac:SummaryDocumentsLine>")
    return "".join(out)


def render_summary(summary: Summary) -> bytes:
    out = [
        DECLARATION,
        root("SummaryDocuments", NS_SUMMARY, "cac", "cbc", "ext", "sac"),
        EXTENSIONS,
        "<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:CustomizationID>1.1</cbc:CustomizationID>",
        f"<cbc:ID>{summary.id}</cbc:ID><cbc:ReferenceDate>{summary.reference_date.isoformat()}</cbc:ReferenceDate>",
        f"<cbc:IssueDate>{summary.issue_date.isoformat()}</cbc:IssueDate>",
        parts.signature(summary.issuer),
        batch_supplier(summary.issuer),
    ]
    out.extend(_line(position, line) for position, line in enumerate(summary.lines, start=1))
    out.append("</SummaryDocuments>")
    return "".join(out).encode("utf-8")
