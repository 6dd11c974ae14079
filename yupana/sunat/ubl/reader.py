"""Read a document this package rendered back into the model (``read(xml) -> Invoice | Note | ...``).

Used to round-trip snapshots (render -> read -> render gives the same bytes) and to recover the
stated document from stored XML. It reads SUNAT UBL as this renderer writes it; it is not a general
UBL importer (foreign documents may carry structures the model does not have).
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from lxml import etree

from ..catalogs import Affectation, DocumentType, TaxScheme
from ..model import (
    Address,
    Customer,
    Detraccion,
    Installment,
    Invoice,
    Isc,
    Issuer,
    Line,
    Note,
    Summary,
    SummaryLine,
    Voided,
    VoidedLine,
)
from ..money import decimal_places
from ..taxes import DEFAULT_RATES, rules
from .xml import NS_CAC, NS_CBC, NS_SAC

_NS = {"cac": NS_CAC, "cbc": NS_CBC, "sac": NS_SAC}
_STANDARD_IGV = Decimal("18")


def read(xml: bytes) -> Invoice | Note | Summary | Voided:
    """The model document behind ``xml`` (signed or not)."""
    root = etree.fromstring(xml)
    kind = etree.QName(root).localname
    if kind == "Invoice":
        return _invoice(root)
    if kind in ("CreditNote", "DebitNote"):
        return _note(root, kind)
    if kind == "SummaryDocuments":
        return _summary(root)
    if kind == "VoidedDocuments":
        return _voided(root)
    raise ValueError(f"documento {kind} no soportado")


def _text(node, path: str, default: str = "") -> str:
    found = node.find(path, _NS)
    return found.text if found is not None and found.text is not None else default


def _dec(node, path: str) -> Decimal | None:
    text = _text(node, path)
    return Decimal(text) if text else None


def _series_number(node) -> tuple[str, int]:
    series, number = _text(node, "cbc:ID").split("-")
    return series, int(number)


def _time(node) -> time | None:
    text = _text(node, "cbc:IssueTime")
    return time.fromisoformat(text) if text else None


def _address(node) -> Address | None:
    if node is None:
        return None
    return Address(
        line=_text(node, "cac:AddressLine/cbc:Line"),
        ubigeo=_text(node, "cbc:ID"),
        department=_text(node, "cbc:CountrySubentity"),
        province=_text(node, "cbc:CityName"),
        district=_text(node, "cbc:District"),
        urbanization=_text(node, "cbc:CitySubdivisionName"),
        country=_text(node, "cac:Country/cbc:IdentificationCode", "PE"),
    )


def _igv_percent(root, line_tag: str) -> Decimal:
    for sub in root.iterfind(f"cac:{line_tag}/cac:TaxTotal/cac:TaxSubtotal", _NS):
        code = _text(sub, "cac:TaxCategory/cbc:TaxExemptionReasonCode")
        if code and Affectation.of(code).taxed:
            return Decimal(_text(sub, "cac:TaxCategory/cbc:Percent"))
    return _STANDARD_IGV


def _issuer(root, igv_percent: Decimal, issue_date: date) -> Issuer:
    party = root.find("cac:AccountingSupplierParty/cac:Party", _NS)
    entity = party.find("cac:PartyLegalEntity", _NS)
    address = entity.find("cac:RegistrationAddress", _NS)
    reduced = igv_percent != DEFAULT_RATES.igv_percent(issue_date)
    return Issuer(
        ruc=_text(party, "cac:PartyIdentification/cbc:ID"),
        legal_name=_text(entity, "cbc:RegistrationName"),
        trade_name=_text(party, "cac:PartyName/cbc:Name"),
        address=_address(address),
        establishment_code=_text(address, "cbc:AddressTypeCode", "0000"),
        reduced_igv=reduced,
    )


def _customer(root) -> Customer:
    party = root.find("cac:AccountingCustomerParty/cac:Party", _NS)
    ident = party.find("cac:PartyIdentification/cbc:ID", _NS)
    entity = party.find("cac:PartyLegalEntity", _NS)
    return Customer(
        doc_type=ident.get("schemeID"),
        number=ident.text,
        name=_text(entity, "cbc:RegistrationName"),
        address=_address(entity.find("cac:RegistrationAddress", _NS)),
    )


def _line(node, quantity_tag: str, igv_percent: Decimal) -> Line:
    subtotals = node.findall("cac:TaxTotal/cac:TaxSubtotal", _NS)
    affectation = None
    isc = None
    icbper = False
    for sub in subtotals:
        scheme = TaxScheme.of(_text(sub, "cac:TaxCategory/cac:TaxScheme/cbc:ID"))
        if scheme is TaxScheme.ISC:
            isc = Isc(rate=Decimal(_text(sub, "cac:TaxCategory/cbc:Percent")))
        elif scheme is TaxScheme.ICBPER:
            icbper = True
        else:
            affectation = Affectation.of(_text(sub, "cac:TaxCategory/cbc:TaxExemptionReasonCode"))
    discount = Decimal("0")
    for allowance in node.iterfind("cac:AllowanceCharge", _NS):
        if _text(allowance, "cbc:AllowanceChargeReasonCode") == "00":
            discount += Decimal(_text(allowance, "cbc:Amount"))
    quantity = Decimal(_text(node, f"cbc:{quantity_tag}"))
    reference = _dec(node, "cac:PricingReference/cac:AlternativeConditionPrice/cbc:PriceAmount")
    fields = dict(
        description=_text(node, "cac:Item/cbc:Description"),
        quantity=quantity,
        unit_code=node.find(f"cbc:{quantity_tag}", _NS).get("unitCode"),
        affectation=affectation,
        code=_text(node, "cac:Item/cac:SellersItemIdentification/cbc:ID"),
        discount=discount,
        isc=isc,
        icbper=icbper,
    )
    if not affectation.onerous:
        return Line(unit_value=reference, **fields)
    value = Decimal(_text(node, "cac:Price/cbc:PriceAmount"))
    if not discount and reference is not None and decimal_places(value) > 4:
        # A value taken out of a price with IGV has many decimals; recover the price when it explains it.
        as_price = Line(unit_price=reference, **fields)
        if rules.unit_value(as_price, igv_percent) == value:
            return as_price
    return Line(unit_value=value, **fields)


def _installments_and_detraccion(root):
    installments = []
    detraccion = None
    means = root.find("cac:PaymentMeans[cbc:ID='Detraccion']", _NS)
    for terms in root.iterfind("cac:PaymentTerms", _NS):
        kind = _text(terms, "cbc:ID")
        means_id = _text(terms, "cbc:PaymentMeansID")
        if kind == "FormaPago" and means_id.startswith("Cuota"):
            installments.append(
                Installment(amount=Decimal(_text(terms, "cbc:Amount")), due_date=date.fromisoformat(_text(terms, "cbc:PaymentDueDate")))
            )
        elif kind == "Detraccion":
            detraccion = Detraccion(
                code=means_id,
                rate=Decimal(_text(terms, "cbc:PaymentPercent")),
                account=_text(means, "cac:PayeeFinancialAccount/cbc:ID"),
                payment_means=_text(means, "cbc:PaymentMeansCode", "001"),
            )
    return tuple(installments), detraccion


def _invoice(root) -> Invoice:
    series, number = _series_number(root)
    issue_date = date.fromisoformat(_text(root, "cbc:IssueDate"))
    igv = _igv_percent(root, "InvoiceLine")
    type_code = root.find("cbc:InvoiceTypeCode", _NS)
    installments, detraccion = _installments_and_detraccion(root)
    global_discount = Decimal("0")
    for allowance in root.iterfind("cac:AllowanceCharge", _NS):
        if _text(allowance, "cbc:AllowanceChargeReasonCode") == "02":
            global_discount += Decimal(_text(allowance, "cbc:Amount"))
    due = _text(root, "cbc:DueDate")
    return Invoice(
        doc_type=type_code.text,
        series=series,
        number=number,
        issue_date=issue_date,
        issue_time=_time(root),
        issuer=_issuer(root, igv, issue_date),
        customer=_customer(root),
        lines=tuple(_line(node, "InvoicedQuantity", igv) for node in root.iterfind("cac:InvoiceLine", _NS)),
        currency=_text(root, "cbc:DocumentCurrencyCode"),
        due_date=date.fromisoformat(due) if due else None,
        operation_type=type_code.get("listID", "0101"),
        global_discount=global_discount,
        installments=installments,
        detraccion=detraccion,
        order_reference=_text(root, "cac:OrderReference/cbc:ID"),
    )


def _note(root, kind: str) -> Note:
    series, number = _series_number(root)
    issue_date = date.fromisoformat(_text(root, "cbc:IssueDate"))
    line_tag, quantity_tag = ("CreditNoteLine", "CreditedQuantity") if kind == "CreditNote" else ("DebitNoteLine", "DebitedQuantity")
    igv = _igv_percent(root, line_tag)
    return Note(
        doc_type=DocumentType.CREDIT_NOTE if kind == "CreditNote" else DocumentType.DEBIT_NOTE,
        series=series,
        number=number,
        issue_date=issue_date,
        issue_time=_time(root),
        issuer=_issuer(root, igv, issue_date),
        customer=_customer(root),
        lines=tuple(_line(node, quantity_tag, igv) for node in root.iterfind(f"cac:{line_tag}", _NS)),
        currency=_text(root, "cbc:DocumentCurrencyCode"),
        reason=_text(root, "cac:DiscrepancyResponse/cbc:ResponseCode"),
        reason_text=_text(root, "cac:DiscrepancyResponse/cbc:Description"),
        reference_type=_text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:DocumentTypeCode"),
        reference_id=_text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
    )


def _batch_issuer(root, signature_address: Address) -> Issuer:
    supplier = root.find("cac:AccountingSupplierParty", _NS)
    return Issuer(
        ruc=_text(supplier, "cbc:CustomerAssignedAccountID"),
        legal_name=_text(supplier, "cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
        address=signature_address,
    )


# RC and RA carry no address; the issuer read back has a placeholder one (Lima, 150101).
_NO_ADDRESS = Address(line="SIN DIRECCION", ubigeo="150101")


def _summary(root) -> Summary:
    lines = []
    for node in root.iterfind("sac:SummaryDocumentsLine", _NS):
        series, number = _series_number(node)
        currency = node.find("sac:TotalAmount", _NS).get("currencyID")
        payments = {_text(p, "cbc:InstructionID"): Decimal(_text(p, "cbc:PaidAmount")) for p in node.iterfind("sac:BillingPayment", _NS)}
        taxes = {}
        rate = Decimal("18")
        for sub in node.iterfind("cac:TaxTotal/cac:TaxSubtotal", _NS):
            scheme = _text(sub, "cac:TaxCategory/cac:TaxScheme/cbc:ID")
            taxes[scheme] = Decimal(_text(sub, "cbc:TaxAmount"))
            if scheme == "1000":
                rate = Decimal(_text(sub, "cac:TaxCategory/cbc:Percent"))
        customer_node = node.find("cac:AccountingCustomerParty", _NS)
        customer = None
        if customer_node is not None:
            customer = Customer(
                doc_type=_text(customer_node, "cbc:AdditionalAccountID"),
                number=_text(customer_node, "cbc:CustomerAssignedAccountID"),
                name="CLIENTE",  # RC lines carry no name
            )
        reference = node.find("cac:BillingReference/cac:InvoiceDocumentReference", _NS)
        lines.append(
            SummaryLine(
                doc_type=_text(node, "cbc:DocumentTypeCode"),
                series=series,
                number=number,
                status=_text(node, "cac:Status/cbc:ConditionCode"),
                currency=currency,
                total=Decimal(_text(node, "sac:TotalAmount")),
                customer=customer,
                gravadas=payments.get("01", Decimal("0")),
                exoneradas=payments.get("02", Decimal("0")),
                inafectas=payments.get("03", Decimal("0")),
                exportacion=payments.get("04", Decimal("0")),
                gratuitas=payments.get("05", Decimal("0")),
                igv=taxes.get("1000", Decimal("0")),
                isc=taxes.get("2000", Decimal("0")),
                icbper=taxes.get("7152", Decimal("0")),
                igv_rate=rate,
                reference_type=_text(reference, "cbc:DocumentTypeCode") if reference is not None else None,
                reference_id=_text(reference, "cbc:ID") if reference is not None else "",
            )
        )
    rc_id = _text(root, "cbc:ID")
    return Summary(
        issuer=_batch_issuer(root, _NO_ADDRESS),
        issue_date=date.fromisoformat(_text(root, "cbc:IssueDate")),
        reference_date=date.fromisoformat(_text(root, "cbc:ReferenceDate")),
        sequence=int(rc_id.rsplit("-", 1)[1]),
        lines=tuple(lines),
    )


def _voided(root) -> Voided:
    lines = tuple(
        VoidedLine(
            doc_type=_text(node, "cbc:DocumentTypeCode"),
            series=_text(node, "sac:DocumentSerialID"),
            number=int(_text(node, "sac:DocumentNumberID")),
            reason=_text(node, "sac:VoidReasonDescription"),
        )
        for node in root.iterfind("sac:VoidedDocumentsLine", _NS)
    )
    ra_id = _text(root, "cbc:ID")
    return Voided(
        issuer=_batch_issuer(root, _NO_ADDRESS),
        issue_date=date.fromisoformat(_text(root, "cbc:IssueDate")),
        reference_date=date.fromisoformat(_text(root, "cbc:ReferenceDate")),
        sequence=int(ra_id.rsplit("-", 1)[1]),
        lines=lines,
    )
