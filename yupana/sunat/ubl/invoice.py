"""Invoice (01 factura, 03 boleta) in UBL 2.1, SUNAT customization 2.0."""

from __future__ import annotations

from ..catalogs import DocumentType
from ..taxes import Computed
from . import parts
from .xml import DECLARATION, EXTENSIONS, NS_INVOICE, amount, attrs, el, root

_TYPE_ATTRS: dict[tuple[str, str], str] = {}


def _type_code(doc_type: str, operation: str) -> str:
    key = (doc_type, operation)
    cached = _TYPE_ATTRS.get(key)
    if cached is None:
        cached = _TYPE_ATTRS[key] = (
            "<cbc:InvoiceTypeCode"
            + attrs(listAgencyName="PE:SUNAT", listID=operation, listName="Tipo de Documento", listURI=parts.CAT_URI + "01", name="Tipo de Operacion")
            + f">{doc_type}</cbc:InvoiceTypeCode>"
        )
    return cached


def _payment(computed: Computed) -> str:
    """Detracción means and terms, then FormaPago (facturas only: a boleta carries none, rule 3128)."""
    doc = computed.doc
    currency = doc.currency.value
    out = []
    if doc.detraccion is not None:
        det = doc.detraccion
        out.append(
            f"<cac:PaymentMeans><cbc:ID>Detraccion</cbc:ID><cbc:PaymentMeansCode>{det.payment_means}</cbc:PaymentMeansCode>"
            f"<cac:PayeeFinancialAccount>{el('cbc:ID', det.account)}</cac:PayeeFinancialAccount></cac:PaymentMeans>"
            f"<cac:PaymentTerms><cbc:ID>Detraccion</cbc:ID><cbc:PaymentMeansID>{det.code}</cbc:PaymentMeansID>"
            f"<cbc:PaymentPercent>{det.rate}</cbc:PaymentPercent>{amount('Amount', computed.detraccion_amount, 'PEN')}</cac:PaymentTerms>"
        )
    if doc.doc_type is DocumentType.FACTURA:
        if doc.installments:
            out.append(
                f"<cac:PaymentTerms><cbc:ID>FormaPago</cbc:ID><cbc:PaymentMeansID>Credito</cbc:PaymentMeansID>"
                f"{amount('Amount', computed.pending, currency)}</cac:PaymentTerms>"
            )
            for index, item in enumerate(doc.installments, start=1):
                out.append(
                    f"<cac:PaymentTerms><cbc:ID>FormaPago</cbc:ID><cbc:PaymentMeansID>Cuota{index:03d}</cbc:PaymentMeansID>"
                    f"{amount('Amount', item.amount, currency)}<cbc:PaymentDueDate>{item.due_date.isoformat()}</cbc:PaymentDueDate></cac:PaymentTerms>"
                )
        else:
            out.append("<cac:PaymentTerms><cbc:ID>FormaPago</cbc:ID><cbc:PaymentMeansID>Contado</cbc:PaymentMeansID></cac:PaymentTerms>")
    return "".join(out)


def render_invoice(computed: Computed) -> bytes:
    doc = computed.doc
    currency = doc.currency.value
    totals = computed.totals
    out = [
        DECLARATION,
        root("Invoice", NS_INVOICE, "cac", "cbc", "ext"),
        EXTENSIONS,
        '<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID schemeAgencyName="PE:SUNAT">2.0</cbc:CustomizationID>',
        f"<cbc:ID>{doc.series}-{doc.number}</cbc:ID><cbc:IssueDate>{doc.issue_date.isoformat()}</cbc:IssueDate>",
    ]
    if doc.issue_time is not None:
        out.append(f"<cbc:IssueTime>{doc.issue_time.strftime('%H:%M:%S')}</cbc:IssueTime>")
    if doc.due_date is not None:
        out.append(f"<cbc:DueDate>{doc.due_date.isoformat()}</cbc:DueDate>")
    out.append(_type_code(doc.doc_type.value, doc.operation_type))
    out.append(parts.legends(computed))
    out.append(parts.currency_code(currency))
    out.append(f"<cbc:LineCountNumeric>{len(computed.lines)}</cbc:LineCountNumeric>")
    if doc.order_reference:
        out.append(f"<cac:OrderReference>{el('cbc:ID', doc.order_reference)}</cac:OrderReference>")
    out.append(parts.signature(doc.issuer))
    out.append(parts.supplier(doc.issuer))
    out.append(parts.customer(doc.customer))
    out.append(_payment(computed))
    if totals.global_discount:
        out.append(parts.allowance("02", totals.global_discount_factor, totals.global_discount, totals.global_discount_base, currency))
    out.append(parts.tax_total(totals, currency))
    out.append(parts.monetary_total(totals, currency))
    out.extend(parts.line(cl, currency, "InvoiceLine", "InvoicedQuantity") for cl in computed.lines)
    out.append("</Invoice>")
    return "".join(out).encode("utf-8")
