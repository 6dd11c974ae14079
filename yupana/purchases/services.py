"""Register supplier documents and pay suppliers.

``purchase_register`` checks the input, computes the totals, compares them with what the supplier's
document says, stores the document and its lines and puts the stock in (a credit note takes it out),
all in one transaction: a refusal leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum

from yupana.audit.services import audit_record
from yupana.inventory.models import MovementKind, Warehouse
from yupana.inventory.selectors import default_warehouse
from yupana.inventory.services import movement_post
from yupana.masterdata.models import Product, Supplier

from .models import (Affectation, PaymentTerms, PurchaseDocument, PurchaseLine, PurchaseType, SupplierPayment)

ZERO = Decimal("0")
CENT = Decimal("0.01")
TOTAL_TOLERANCE = Decimal("0.05")  # suppliers' systems round per line or per document: a few cents apart
PLACES = {"cantidad": 4, "valor unitario": 4}


class PurchaseRefused(ValueError):
    """The document cannot be registered; ``field`` names what to fix, ``message`` is Spanish."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass
class LineInput:
    product_id: int | None
    quantity: Decimal
    unit_cost: Decimal  # valor unitario (sin IGV), in the document's currency
    affectation: str = Affectation.TAXED
    description: str = ""


@dataclass
class PurchaseInput:
    supplier_id: int
    doc_type: str
    series: str
    number: int
    issue_date: dt.date
    stated_total: Decimal
    lines: list[LineInput]
    due_date: dt.date | None = None
    currency: str = "PEN"
    exchange_rate: Decimal = Decimal("1")
    payment_terms: str = PaymentTerms.CASH
    warehouse_id: int | None = None
    reference_id: int | None = None
    igv_percent: Decimal = Decimal("18")
    notes: str = ""
    xml: bytes | None = None
    extra: dict = field(default_factory=dict)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _decimal(value, field_name: str, *, places: int, positive: bool) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise PurchaseRefused(field_name, f"«{value}» no es un número.") from None
    if not number.is_finite():
        raise PurchaseRefused(field_name, f"«{value}» no es un número.")
    if positive and number <= 0:
        raise PurchaseRefused(field_name, "Debe ser mayor que cero.")
    if number < 0:
        raise PurchaseRefused(field_name, "No puede ser negativo.")
    if -number.as_tuple().exponent > places:
        raise PurchaseRefused(field_name, f"Admite como máximo {places} decimales.")
    return number


@dataclass(frozen=True)
class Totals:
    gravadas: Decimal
    exoneradas: Decimal
    inafectas: Decimal
    igv: Decimal
    total: Decimal


def purchase_compute(lines: list[PurchaseLine], igv_percent: Decimal) -> Totals:
    """Per line: base = quantity x unit value, IGV on taxed lines; totals are their sums (2 decimals)."""
    sums = {Affectation.TAXED: ZERO, Affectation.EXEMPT: ZERO, Affectation.UNAFFECTED: ZERO}
    igv = ZERO
    for line in lines:
        line.base = _money(line.quantity * line.unit_cost)
        line.igv = _money(line.base * igv_percent / 100) if line.affectation == Affectation.TAXED else ZERO
        line.total = line.base + line.igv
        sums[line.affectation] += line.base
        igv += line.igv
    gravadas, exoneradas, inafectas = sums[Affectation.TAXED], sums[Affectation.EXEMPT], sums[Affectation.UNAFFECTED]
    return Totals(gravadas, exoneradas, inafectas, igv, gravadas + exoneradas + inafectas + igv)


def _lines(company, data: PurchaseInput) -> list[PurchaseLine]:
    if not data.lines:
        raise PurchaseRefused("líneas", "Agregue al menos una línea.")
    ids = {line.product_id for line in data.lines if line.product_id}
    products = {p.pk: p for p in Product.objects.for_company(company).filter(pk__in=ids)}
    lines = []
    for position, item in enumerate(data.lines, start=1):
        where = f"línea {position}"
        product = products.get(item.product_id) if item.product_id else None
        if item.product_id and product is None:
            raise PurchaseRefused(f"{where}, producto", "El producto no existe.")
        description = (item.description or (product.description if product else "")).strip()
        if not description:
            raise PurchaseRefused(f"{where}, producto", "Elija un producto o escriba la descripción.")
        if item.affectation not in Affectation.values:
            raise PurchaseRefused(f"{where}, afectación", "Afectación del IGV: gravado (10), exonerado (20) o inafecto (30).")
        quantity = _decimal(item.quantity, f"{where}, cantidad", places=4, positive=True)
        cost = _decimal(item.unit_cost, f"{where}, valor unitario", places=4, positive=False)
        lines.append(PurchaseLine(position=position, product=product, description=description[:250],
                                  quantity=quantity, unit_cost=cost, affectation=item.affectation))
    return lines


def _header(company, data: PurchaseInput) -> PurchaseDocument:
    supplier = Supplier.objects.for_company(company).filter(pk=data.supplier_id).first()
    if supplier is None:
        raise PurchaseRefused("proveedor", "Elija un proveedor.")
    if data.doc_type not in PurchaseType.values:
        raise PurchaseRefused("tipo", "Tipo de documento: factura (01), boleta (03) o nota de crédito (07).")
    series = (data.series or "").strip().upper()
    if not (1 <= len(series) <= 4) or not series.isalnum():
        raise PurchaseRefused("serie", "La serie tiene de 1 a 4 letras o números (p. ej. F001).")
    try:
        number = int(data.number)
    except (TypeError, ValueError):
        raise PurchaseRefused("número", "El número debe ser un entero.") from None
    if not 1 <= number <= 99_999_999:
        raise PurchaseRefused("número", "El número va de 1 a 99999999.")
    if data.currency not in ("PEN", "USD"):
        raise PurchaseRefused("moneda", "Moneda: PEN o USD.")
    rate = _decimal(data.exchange_rate, "tipo de cambio", places=3, positive=True)
    if data.currency == "PEN":
        rate = Decimal("1")
    if data.payment_terms not in PaymentTerms.values:
        raise PurchaseRefused("forma de pago", "Forma de pago: contado o crédito.")
    if data.payment_terms == PaymentTerms.CREDIT and data.doc_type != PurchaseType.CREDIT_NOTE:
        if data.due_date is None:
            raise PurchaseRefused("fecha de vencimiento", "Una compra al crédito necesita fecha de vencimiento.")
        if data.due_date < data.issue_date:
            raise PurchaseRefused("fecha de vencimiento", "El vencimiento no puede ser anterior a la emisión.")
    warehouse = (Warehouse.objects.for_company(company).filter(pk=data.warehouse_id, is_active=True).first()
                 if data.warehouse_id else default_warehouse(company=company))
    if warehouse is None:
        raise PurchaseRefused("almacén", "Elija un almacén de la empresa.")
    reference = None
    if data.doc_type == PurchaseType.CREDIT_NOTE:
        reference = (PurchaseDocument.objects.for_company(company)
                     .filter(pk=data.reference_id, supplier=supplier).exclude(doc_type=PurchaseType.CREDIT_NOTE).first()
                     if data.reference_id else None)
        if reference is None:
            raise PurchaseRefused("documento que modifica", "Elija la factura o boleta del mismo proveedor que la nota modifica.")
    stated = _decimal(data.stated_total, "total según el documento", places=2, positive=True)
    igv_percent = _decimal(data.igv_percent, "IGV %", places=2, positive=False)
    return PurchaseDocument(
        company=company, supplier=supplier, doc_type=data.doc_type, series=series, number=number,
        issue_date=data.issue_date, due_date=data.due_date if data.payment_terms == PaymentTerms.CREDIT else None,
        currency=data.currency, exchange_rate=rate,
        payment_terms=PaymentTerms.CASH if data.doc_type == PurchaseType.CREDIT_NOTE else data.payment_terms,
        warehouse=warehouse, reference=reference, igv_percent=igv_percent, stated_total=stated,
        notes=(data.notes or "")[:300], xml=data.xml)


def _duplicate_message(document: PurchaseDocument) -> str:
    return (f"La {document.get_doc_type_display().lower()} {document.document_id} de "
            f"{document.supplier.name} ya está registrada.")


def purchase_register(*, company, user, data: PurchaseInput) -> PurchaseDocument:
    """Register a supplier document; raises PurchaseRefused naming the field."""
    document = _header(company, data)
    lines = _lines(company, data)
    totals = purchase_compute(lines, document.igv_percent)
    if abs(totals.total - document.stated_total) > TOTAL_TOLERANCE:
        raise PurchaseRefused("total según el documento",
                              f"Los importes de las líneas suman {totals.total:,.2f} y el documento dice "
                              f"{document.stated_total:,.2f}: revise cantidades, valores unitarios y afectación.")
    document.gravadas, document.exoneradas, document.inafectas = totals.gravadas, totals.exoneradas, totals.inafectas
    document.igv, document.total = totals.igv, totals.total
    duplicate = PurchaseDocument.objects.for_company(company).filter(
        supplier=document.supplier, doc_type=document.doc_type, series=document.series, number=document.number)
    if duplicate.exists():
        raise PurchaseRefused("número", _duplicate_message(document))
    try:
        with transaction.atomic():
            document.created_by = user if getattr(user, "is_authenticated", False) else None
            document.save()
            for line in lines:
                line.document = document
            PurchaseLine.objects.bulk_create(lines)
            _stock(company, document, lines, user)
            audit_record(company=company, user=user, action="crear", instance=document,
                         changes={"documento": str(document), "total": str(document.total)})
    except IntegrityError:
        raise PurchaseRefused("número", _duplicate_message(document)) from None
    return document


def _stock(company, document: PurchaseDocument, lines: list[PurchaseLine], user) -> None:
    """Purchases put stock in at cost in soles; a boleta's IGV is no tax credit, so it is part of the cost.
    A credit note takes the units out at the weighted average."""
    note = document.is_note
    for line in lines:
        product = line.product
        if product is None or product.is_service:
            continue
        common = dict(company=company, product=product, warehouse=document.warehouse, on=document.issue_date,
                      source_model="purchases.purchasedocument", source_id=document.pk,
                      source_label=f"{document.supplier.ruc[-4:]} {document.document_id}", user=user)
        if note:
            movement_post(kind=MovementKind.PURCHASE_RETURN, quantity=-line.quantity, **common)
            continue
        paid = line.total if document.doc_type == PurchaseType.BOLETA else line.base
        cost = (paid * document.exchange_rate / line.quantity).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        movement_post(kind=MovementKind.PURCHASE, quantity=line.quantity, unit_cost=cost, update_cost=True, **common)


# --- accounts payable ------------------------------------------------------------------------

def document_balance(document: PurchaseDocument) -> Decimal:
    """What is still owed on a purchase on credit: its total less payments and credit notes."""
    if document.payment_terms != PaymentTerms.CREDIT or document.is_note:
        return ZERO
    paid = document.payments.aggregate(s=Sum("amount"))["s"] or ZERO
    credited = document.credit_notes.aggregate(s=Sum("stated_total"))["s"] or ZERO
    return max(document.stated_total - paid - credited, ZERO)


def payment_record(*, company, user, document_id: int, on: dt.date, amount, method: str = "transferencia",
                   reference: str = "") -> SupplierPayment:
    """Pay all or part of a purchase on credit; more than the balance is refused."""
    with transaction.atomic():
        document = (PurchaseDocument.objects.for_company(company).select_for_update()
                    .filter(pk=document_id).first())
        if document is None:
            raise PurchaseRefused("documento", "El documento no existe.")
        if document.payment_terms != PaymentTerms.CREDIT or document.is_note:
            raise PurchaseRefused("documento", "Solo se registran pagos de compras al crédito.")
        value = _decimal(amount, "monto", places=2, positive=True)
        owed = document_balance(document)
        if value > owed:
            raise PurchaseRefused("monto", f"El monto supera el saldo pendiente ({owed:,.2f}).")
        if on < document.issue_date:
            raise PurchaseRefused("fecha", "El pago no puede ser anterior a la emisión del documento.")
        payment = SupplierPayment.objects.create(company=company, document=document, date=on, amount=value,
                                                 method=(method or "transferencia")[:30], reference=reference[:60],
                                                 created_by=user if getattr(user, "is_authenticated", False) else None)
        audit_record(company=company, user=user, action="crear", instance=document,
                     changes={"pago": str(value)})
    return payment
