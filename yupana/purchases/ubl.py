"""Read a supplier's electronic document (UBL 2.1 as SUNAT receives it) into a purchase to register.

The XML is checked the way SUNAT would (XSD and digital signature, through the SUNAT core) and must be
addressed to this company's RUC. Lines are matched to our products by the supplier's code (remembered
from earlier imports) or by our own product code; what stays unmatched is offered to create or map.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from yupana.masterdata.models import Product, Supplier

from .models import PaymentTerms, PurchaseType, SupplierProductCode
from .services import LineInput, PurchaseInput, PurchaseRefused, purchase_register

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": ("InvoiceLine", "InvoicedQuantity"),
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": ("CreditNoteLine", "CreditedQuantity"),
}
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class ImportedLine:
    position: int
    supplier_code: str
    description: str
    unit_code: str
    quantity: Decimal
    unit_cost: Decimal
    affectation: str
    product: Product | None = None


@dataclass
class ImportedDocument:
    supplier_ruc: str
    supplier_name: str
    supplier_address: str
    doc_type: str
    series: str
    number: int
    issue_date: dt.date
    due_date: dt.date | None
    currency: str
    igv_percent: Decimal
    stated_total: Decimal
    credit: bool
    reference: str  # the series-number a credit note modifies
    lines: list[ImportedLine]
    xml: bytes
    supplier: Supplier | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def unknown(self) -> list[ImportedLine]:
        return [line for line in self.lines if line.product is None]


def _refuse(message: str) -> PurchaseRefused:
    return PurchaseRefused("archivo XML", message)


def _xml_from_upload(data: bytes) -> bytes:
    if len(data) > MAX_BYTES:
        raise _refuse("El archivo pesa más de 5 MB: no es un comprobante electrónico.")
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(".xml")]
                if len(names) != 1:
                    raise _refuse("El ZIP debe contener un solo archivo XML.")
                return archive.read(names[0])
        except zipfile.BadZipFile:
            raise _refuse("El ZIP está dañado.") from None
    return data


def _text(node, path: str, default: str = "") -> str:
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None and found.text else default


def _decimal(text: str, what: str) -> Decimal:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        raise _refuse(f"El XML trae un {what} que no es un número: «{text}».") from None


def read_supplier_xml(*, company, data: bytes) -> ImportedDocument:
    """Parse, check and map a supplier's XML (or the ZIP it came in). Raises PurchaseRefused."""
    from yupana.sunat import signing, validation

    xml = _xml_from_upload(data)
    try:
        root = signing.parse_xml(xml)
    except signing.SigningError:
        raise _refuse("El archivo no es un XML legible: no es un comprobante electrónico UBL.") from None
    if root.tag not in ROOTS:
        raise _refuse("El XML no es una factura, boleta ni nota de crédito electrónica (UBL 2.1).")
    line_tag, quantity_tag = ROOTS[root.tag]
    is_note = line_tag == "CreditNoteLine"
    supplier_ruc = _text(root, "cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID")
    doc_type = PurchaseType.CREDIT_NOTE.value if is_note else _text(root, "cbc:InvoiceTypeCode")
    series, _, number = _text(root, "cbc:ID").partition("-")
    if doc_type not in PurchaseType.values or not number.isdigit():
        raise _refuse("Solo se importan facturas (01), boletas (03) y notas de crédito (07).")
    name = f"{supplier_ruc}-{doc_type}-{series}-{int(number):d}"
    report = validation.validate(xml, f"{name}.xml", check_schema=True, check_signature=True, check_rules=False)
    if report.errors:
        first = report.errors[0]
        raise _refuse(f"El XML no es un comprobante válido ({first.code}): {first.message}")
    customer_ruc = _text(root, "cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID")
    if customer_ruc != company.ruc:
        raise _refuse(f"El comprobante está emitido al RUC {customer_ruc or '(sin RUC)'}, no al de su empresa "
                      f"({company.ruc}).")
    lines = []
    percent = Decimal("18")
    for position, node in enumerate(root.findall(f"cac:{line_tag}", NS), start=1):
        quantity_node = node.find(f"cbc:{quantity_tag}", NS)
        affectation = _text(node, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReasonCode", "10")
        line_percent = _text(node, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent")
        if affectation == "10" and line_percent:
            percent = _decimal(line_percent, "porcentaje de IGV")
        lines.append(ImportedLine(
            position=position,
            supplier_code=_text(node, "cac:Item/cac:SellersItemIdentification/cbc:ID"),
            description=" ".join(_text(node, "cac:Item/cbc:Description").split())[:250],
            unit_code=(quantity_node.get("unitCode") if quantity_node is not None else "") or "NIU",
            quantity=_decimal(quantity_node.text if quantity_node is not None else "", "cantidad"),
            unit_cost=_decimal(_text(node, "cac:Price/cbc:PriceAmount", "0"), "valor unitario"),
            affectation={"1": "10", "2": "20", "3": "30"}.get(affectation[:1], affectation)))
    due = _text(root, "cbc:DueDate")
    cuotas = [_text(t, "cbc:PaymentDueDate") for t in root.findall("cac:PaymentTerms", NS)]
    cuotas = [c for c in cuotas if c]
    credit = any(_text(t, "cbc:PaymentMeansID") == "Credito" for t in root.findall("cac:PaymentTerms", NS))
    if credit and cuotas:
        due = max(cuotas)
    supplier = Supplier.objects.for_company(company).filter(ruc=supplier_ruc).first()
    imported = ImportedDocument(
        supplier_ruc=supplier_ruc,
        supplier_name=_text(root, "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
        supplier_address=_text(root, "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/"
                                     "cac:RegistrationAddress/cac:AddressLine/cbc:Line"),
        doc_type=doc_type, series=series, number=int(number),
        issue_date=dt.date.fromisoformat(_text(root, "cbc:IssueDate")),
        due_date=dt.date.fromisoformat(due) if due else None,
        currency=_text(root, "cbc:DocumentCurrencyCode", "PEN"), igv_percent=percent,
        stated_total=_decimal(_text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount", "0"), "importe total"),
        credit=credit and not is_note,
        reference=_text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
        lines=lines, xml=xml, supplier=supplier)
    _match(company, imported)
    return imported


def _match(company, imported: ImportedDocument) -> None:
    codes = {line.supplier_code for line in imported.lines if line.supplier_code}
    remembered = {}
    if imported.supplier is not None:
        remembered = {m.code: m.product for m in SupplierProductCode.objects.filter(
            supplier=imported.supplier, code__in=codes).select_related("product")}
    own = {p.code: p for p in Product.objects.for_company(company).filter(code__in=codes, is_active=True)}
    for line in imported.lines:
        line.product = remembered.get(line.supplier_code) or own.get(line.supplier_code)


@dataclass(frozen=True)
class Choice:
    """What to do with one unknown line: map it to a product, or create one with this code."""

    product_id: int | None = None
    create_code: str = ""


def purchase_from_import(*, company, user, imported: ImportedDocument, choices: dict[int, Choice],
                         warehouse_id: int | None = None, exchange_rate: Decimal = Decimal("1"),
                         reference_id: int | None = None):
    """Register the imported document: create the supplier and the products chosen, remember the mapping.

    One transaction: if the purchase is refused, no supplier, product or mapping is left behind.
    """
    from yupana.masterdata import services as masterdata

    from .models import PurchaseDocument

    with transaction.atomic():
        supplier = imported.supplier or Supplier.objects.for_company(company).filter(ruc=imported.supplier_ruc).first()
        if supplier is None:
            supplier = masterdata.supplier_create(company=company, user=user, ruc=imported.supplier_ruc,
                                                  name=imported.supplier_name[:200] or imported.supplier_ruc,
                                                  address=imported.supplier_address[:300])
        lines = []
        for line in imported.lines:
            product = line.product
            choice = choices.get(line.position)
            if product is None and choice is not None and choice.product_id:
                product = Product.objects.for_company(company).filter(pk=choice.product_id).first()
            elif product is None and choice is not None and choice.create_code:
                try:
                    product = masterdata.product_create(
                        company=company, user=user, code=choice.create_code.strip(), description=line.description,
                        price=Decimal("0"), unit_code=line.unit_code, igv_affectation=line.affectation,
                        stock_control=bool(company.plan.stock_control) and line.unit_code != "ZZ")
                except Exception as exc:  # Django's ValidationError: field messages in Spanish
                    messages = getattr(exc, "message_dict", None) or {"código": [str(exc)]}
                    first = next(iter(messages.values()))[0]
                    raise PurchaseRefused(f"línea {line.position}, producto nuevo", first) from None
            if product is None:
                raise PurchaseRefused(f"línea {line.position}, producto",
                                      f"Elija o cree el producto para «{line.description}».")
            if line.supplier_code and product.code != line.supplier_code:
                SupplierProductCode.objects.update_or_create(company=company, supplier=supplier,
                                                             code=line.supplier_code[:60],
                                                             defaults={"product": product})
            lines.append(LineInput(product_id=product.pk, quantity=line.quantity, unit_cost=line.unit_cost,
                                   affectation=line.affectation, description=line.description))
        if imported.doc_type == PurchaseType.CREDIT_NOTE and reference_id is None and imported.reference:
            series, _, number = imported.reference.partition("-")
            found = PurchaseDocument.objects.for_company(company).filter(
                supplier=supplier, series=series, number=int(number) if number.isdigit() else 0).first()
            reference_id = found.pk if found else None
        data = PurchaseInput(
            supplier_id=supplier.pk, doc_type=imported.doc_type, series=imported.series, number=imported.number,
            issue_date=imported.issue_date, due_date=imported.due_date, currency=imported.currency,
            exchange_rate=exchange_rate, stated_total=imported.stated_total, lines=lines,
            payment_terms=PaymentTerms.CREDIT if imported.credit else PaymentTerms.CASH,
            warehouse_id=warehouse_id, reference_id=reference_id, igv_percent=imported.igv_percent,
            xml=imported.xml)
        return purchase_register(company=company, user=user, data=data)
