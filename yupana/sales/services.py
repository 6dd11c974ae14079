"""Issue facturas, boletas and notes: the one entry point for the web form, seed-demo and the API.

``sale_issue`` and ``note_issue`` build, sign and validate with the SUNAT core (with a provisional
number), then in one transaction take the number, apply the sale-time rules (stock, credit), store
the document, its lines, cuotas, stock movements and signed XML, and queue the dispatch to SUNAT;
a refusal leaves nothing behind and no number burnt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yupana.companies.models import BoletaDispatch, DocumentType, Policy
from yupana.einvoicing import services as einvoicing
from yupana.einvoicing.models import EventKind, Status
from yupana.inventory.models import MovementKind, Warehouse
from yupana.inventory.selectors import default_warehouse
from yupana.inventory.services import stock_check, stock_movements_record
from yupana.masterdata.models import Customer, Product
from yupana.sunat import deadlines

from .inputs import InputError, LineInput, NoteInput, SaleInput
from .models import PaymentTerms, SaleDocument, SaleInstallment, SaleLine
from .numbering import SeriesError, series_find, series_take

DocumentRejected = einvoicing.DocumentRejected
RESTOCK_REASONS = {"01", "06", "07"}  # anulación de la operación, devolución total, devolución por ítem
CREDIT_DAYS_DEFAULT = 30


class SaleRefused(Exception):
    """The sale cannot be issued; ``messages`` are Spanish and name the field."""

    def __init__(self, messages: list[str], field: str = ""):
        self.messages = messages
        self.field = field
        super().__init__("; ".join(messages))


@dataclass
class Draft:
    """An unsaved document with its rows, as the tax engine and the rules see it."""

    document: SaleDocument
    lines: list[SaleLine]
    installments: list[SaleInstallment]
    items: list[tuple[Product | None, Decimal]]
    warnings: list[str] = field(default_factory=list)
    warehouse: Warehouse | None = None  # where the stock comes from (read before the series is locked)


def today_lima() -> dt.date:
    return timezone.localdate()


def _issue_date(requested: dt.date | None, series_code: str, today: dt.date | None) -> dt.date:
    """The document's issue date (``requested``, else the day of the sale), refused when SUNAT would
    reject it as future or late (2108): checked before a number is used."""
    today = today or today_lima()
    issue_date = requested or today
    problem = deadlines.issue_date_problem(series=series_code, issue_date=issue_date, today=today)
    if problem:
        raise SaleRefused([problem], "issue_date")
    return issue_date


def _customer_snapshot(document: SaleDocument, customer: Customer | None) -> None:
    if customer is None:
        document.customer_doc_type, document.customer_doc_number = "-", ""
        document.customer_name, document.customer_address = "CLIENTES VARIOS", ""
        return
    document.customer = customer
    document.customer_doc_type = customer.document_type
    document.customer_doc_number = customer.document_number
    document.customer_name = customer.name
    document.customer_address = customer.address


def _lines(company, inputs: list[LineInput]) -> tuple[list[SaleLine], list[tuple[Product | None, Decimal]]]:
    if not inputs:
        raise SaleRefused(["Agregue al menos una línea."], "lines")
    ids = {item.product_id for item in inputs if item.product_id}
    products = {p.pk: p for p in Product.objects.for_company(company).filter(pk__in=ids)}
    lines, items = [], []
    for index, item in enumerate(inputs):
        product = products.get(item.product_id) if item.product_id else None
        if item.product_id and product is None:
            raise SaleRefused([f"Línea {index + 1}: el producto no existe."], f"lines[{index}].product")
        if item.quantity is None or item.quantity <= 0:
            raise SaleRefused([f"Línea {index + 1}: la cantidad debe ser mayor que cero."], f"lines[{index}].quantity")
        if item.unit_price is None or item.unit_price < 0:
            raise SaleRefused([f"Línea {index + 1}: el precio no puede ser negativo."], f"lines[{index}].unit_price")
        lines.append(SaleLine(
            position=index + 1, product=product, code=item.code or (product.code if product else ""),
            description=item.description or (product.description if product else ""),
            unit_code=item.unit_code or (product.unit_code if product else "NIU"),
            quantity=item.quantity, unit_price=item.unit_price, price_includes_igv=item.price_includes_igv,
            discount=item.discount or Decimal("0"), affectation=item.affectation or "10",
        ))
        items.append((product, item.quantity))
    return lines, items


def _apply_computed(draft: Draft, computed) -> None:
    totals = computed.totals
    document = draft.document
    document.total_gravadas = totals.gravadas
    document.total_exoneradas = totals.exoneradas
    document.total_inafectas = totals.inafectas
    document.total_gratuitas = totals.gratuitas
    document.total_igv = totals.igv
    document.total_icbper = totals.icbper
    document.total_discount = totals.global_discount + sum((cl.discount for cl in computed.lines), Decimal("0"))
    document.total = totals.payable
    for line, cl in zip(draft.lines, computed.lines):
        line.unit_value = cl.unit_value
        line.value = cl.value
        line.igv = cl.igv
        line.total = cl.value + cl.tax_total


def propose_installments(*, total: Decimal, issue_date: dt.date, credit_days: int, count: int = 1):
    """Equal cuotas every ``credit_days`` (30 when the customer has none); the last takes the cents."""
    from .inputs import InstallmentInput

    days = credit_days or CREDIT_DAYS_DEFAULT
    count = max(1, count)
    share = (total / count).quantize(Decimal("0.01"))
    result = []
    for index in range(count):
        amount = share if index < count - 1 else total - share * (count - 1)
        result.append(InstallmentInput(amount=amount, due_date=issue_date + dt.timedelta(days=days * (index + 1))))
    return result


def sale_draft(*, company, data: SaleInput, number: int = 1, series=None, user=None,
               today: dt.date | None = None) -> Draft:
    """The unsaved document for ``data`` (no number taken): used by the preview and by sale_issue.

    ``today``: the day the sale is made (None: today in Lima); the demo seed and tests that build
    a history pass the past day they stand for."""
    if data.doc_type not in (DocumentType.FACTURA, DocumentType.BOLETA):
        raise SaleRefused(["Tipo de comprobante inválido: factura (01) o boleta (03)."], "doc_type")
    customer = None
    if data.customer_id:
        customer = Customer.objects.for_company(company).filter(pk=data.customer_id).first()
        if customer is None:
            raise SaleRefused(["El cliente no existe."], "customer")
    if data.doc_type == DocumentType.FACTURA and (customer is None or customer.document_type != "6"):
        raise SaleRefused(["Una factura exige un cliente con RUC; para otros clientes emita una boleta."], "customer")
    if data.currency not in ("PEN", "USD"):
        raise SaleRefused(["Moneda inválida (PEN o USD)."], "currency")
    if data.currency == "USD" and not data.exchange_rate:
        raise SaleRefused(["Indique el tipo de cambio para una venta en dólares."], "exchange_rate")
    if data.payment_terms not in PaymentTerms.values:
        raise SaleRefused(["Forma de pago inválida (contado o crédito)."], "payment_terms")
    if data.payment_terms == PaymentTerms.CREDIT and data.doc_type == DocumentType.BOLETA:
        raise SaleRefused(["Las ventas al crédito se emiten con factura (una boleta no lleva cuotas)."], "payment_terms")
    issue_date = _issue_date(data.issue_date, data.series_code.upper(), today)
    now = timezone.now()
    document = SaleDocument(
        company=company, doc_type=data.doc_type, series=series, series_code=data.series_code.upper(), number=number,
        issue_date=issue_date, issued_at=now, currency=data.currency,
        exchange_rate=data.exchange_rate if data.currency == "USD" else None,
        payment_terms=data.payment_terms, observations=data.observations or "", created_by=user,
    )
    _customer_snapshot(document, customer)
    lines, items = _lines(company, data.lines)
    installments = [SaleInstallment(position=i + 1, amount=c.amount, due_date=c.due_date)
                    for i, c in enumerate(data.installments)]
    return Draft(document, lines, installments, items)


def sale_compute(draft: Draft):
    """Every figure of the draft from the SUNAT core's tax engine (the live totals of the form)."""
    computed = einvoicing.document_compute(draft.document, draft.lines, draft.installments)
    _apply_computed(draft, computed)
    return computed


def credit_used(*, company, customer) -> Decimal:
    """What the customer owes on credit sales not rejected or voided (issue 10 refines it with payments)."""
    rows = (SaleDocument.objects.for_company(company)
            .filter(customer=customer, payment_terms=PaymentTerms.CREDIT, doc_type=DocumentType.FACTURA)
            .exclude(electronic__status__in=[Status.REJECTED, Status.VOIDED]))
    return rows.aggregate(total=Sum("total"))["total"] or Decimal("0")


def _credit_rules(company, draft: Draft) -> list[str]:
    """Credit limit and overdue cuotas, as receivables judges them (block or warn per company setting)."""
    from yupana.receivables.selectors import sale_credit_check

    document = draft.document
    if document.payment_terms != PaymentTerms.CREDIT or not company.plan.credit_control:
        return []
    amount = document.total * (document.exchange_rate or Decimal("1"))
    check = sale_credit_check(company=company, customer=document.customer, amount=amount.quantize(Decimal("0.01")),
                              today=document.issue_date)
    if check.blocking:
        raise SaleRefused(check.blocking, "payment_terms")
    return check.warnings


def _stock_rules(company, items, warehouse=None) -> list[str]:
    if not company.plan.stock_control:
        return []
    shortages = stock_check(company=company, items=items, warehouse=warehouse)
    messages = [s.message for s in shortages]
    if messages and company.stock_policy == Policy.BLOCK:
        raise SaleRefused(messages, "lines")
    return messages


def _warehouse_for(company, items) -> Warehouse | None:
    """The default warehouse when some line moves stock (None otherwise)."""
    if any(product is not None and not product.is_service for product, _ in items):
        return default_warehouse(company=company)
    return None


def _via_summary(company, document) -> bool:
    return document.is_boleta_family and company.boleta_dispatch == BoletaDispatch.SUMMARY


def _store(company, draft: Draft, prepared, *, user, movement_kind: str | None, sign: int) -> SaleDocument:
    document = draft.document
    document.save()
    for line in draft.lines:
        line.document = document
    SaleLine.objects.bulk_create(draft.lines)
    for item in draft.installments:
        item.document = document
    SaleInstallment.objects.bulk_create(draft.installments)
    if movement_kind:
        stock_movements_record(company=company, on=document.issue_date, kind=movement_kind, items=draft.items,
                               warehouse=draft.warehouse,
                               sign=sign, source_model="sales.saledocument", source_id=document.pk,
                               source_label=document.document_id)
    from yupana.receivables.services import receivables_on_issue

    receivables_on_issue(document=document)
    events = [{"kind": EventKind.WARNING, "message": message, "user": user} for message in draft.warnings]
    events += [{"kind": EventKind.WARNING, "code": code, "message": f"Observación prevista: {message}"}
               for code, message in prepared.observations]
    electronic = einvoicing.electronic_create(document=document, prepared=prepared,
                                              via_summary=_via_summary(company, document), user=user, events=events)
    if not electronic.via_summary:
        from yupana.einvoicing.dispatch import enqueue_dispatch

        transaction.on_commit(lambda: enqueue_dispatch(electronic.pk))
    document.warnings = draft.warnings
    return document


def sale_issue(*, company, user, data: SaleInput, today: dt.date | None = None) -> SaleDocument:
    """Issue a factura or boleta. Raises SaleRefused / DocumentRejected with Spanish messages.

    The document is built, signed and judged by SUNAT's rules with a provisional number before the
    transaction; inside it, the series gives the real number (locked until commit), the sale-time
    rules run under their locks, and everything is stored. A refusal at any step writes nothing.
    """
    try:
        series = series_find(company=company, doc_type=data.doc_type, code=data.series_code.upper())
        draft = sale_draft(company=company, data=data, number=series.next_number, series=series, user=user,
                           today=today)
        computed = sale_compute(draft)
        if draft.document.payment_terms == PaymentTerms.CREDIT and not draft.installments:
            customer = draft.document.customer
            proposed = propose_installments(total=computed.totals.payable - computed.detraccion_amount,
                                            issue_date=draft.document.issue_date,
                                            credit_days=customer.credit_days if customer else 0)
            draft.installments = [SaleInstallment(position=i + 1, amount=c.amount, due_date=c.due_date)
                                  for i, c in enumerate(proposed)]
            draft.document.due_date = draft.installments[-1].due_date
        elif draft.installments:
            draft.document.due_date = max(item.due_date for item in draft.installments)
        checked = einvoicing.document_prepare(draft.document, draft.lines, draft.installments)
        draft.warehouse = _warehouse_for(company, draft.items)
        with transaction.atomic():
            draft.document.number = series_take(series=series)
            draft.warnings += _credit_rules(company, draft)
            draft.warnings += _stock_rules(company, draft.items, draft.warehouse)
            prepared = einvoicing.document_renumber(checked, draft.document, draft.lines, draft.installments)
            return _store(company, draft, prepared, user=user, movement_kind=MovementKind.SALE, sign=-1)
    except SeriesError as exc:
        raise SaleRefused([str(exc)], "series") from None
    except InputError as exc:
        raise SaleRefused([exc.message], exc.field) from None


def note_draft(*, company, data: NoteInput, user=None, today: dt.date | None = None) -> Draft:
    """The unsaved note for ``data`` on its reference (no number taken): the live totals of the
    note form and ``note_issue``. ``today`` as in ``sale_draft``."""
    reference = (SaleDocument.objects.for_company(company).select_related("electronic")
                 .filter(pk=data.reference_id).first())
    if reference is None or reference.is_note:
        raise SaleRefused(["El documento a modificar no existe o es una nota."], "reference")
    status = getattr(getattr(reference, "electronic", None), "status", None)
    if status in (Status.REJECTED, Status.VOIDED, Status.VOIDING):
        raise SaleRefused([f"No se puede emitir una nota sobre un comprobante {Status(status).label.lower()}."],
                          "reference")
    if data.doc_type not in (DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE):
        raise SaleRefused(["Tipo de nota inválido: crédito (07) o débito (08)."], "doc_type")
    code = data.series_code.upper()
    if code[:1] != reference.series_code[:1]:
        raise SaleRefused([f"La serie de la nota debe empezar con {reference.series_code[0]}, como el documento "
                           f"que modifica."], "series")
    issue_date = _issue_date(data.issue_date, code, today)
    if issue_date < reference.issue_date:
        raise SaleRefused([f"La fecha de emisión de la nota ({issue_date:%d/%m/%Y}) no puede ser anterior a la "
                           f"del comprobante que modifica ({reference.issue_date:%d/%m/%Y})."], "issue_date")
    document = SaleDocument(
        company=company, doc_type=data.doc_type, series_code=code, number=1,
        issue_date=issue_date, issued_at=timezone.now(), currency=reference.currency,
        exchange_rate=reference.exchange_rate, payment_terms=PaymentTerms.CASH,
        reference=reference, note_reason=data.reason, note_reason_text=data.reason_text, created_by=user,
        customer=reference.customer, customer_doc_type=reference.customer_doc_type,
        customer_doc_number=reference.customer_doc_number, customer_name=reference.customer_name,
        customer_address=reference.customer_address,
    )
    lines, items = _lines(company, data.lines)
    return Draft(document, lines, [], items)


def note_issue(*, company, user, data: NoteInput, today: dt.date | None = None) -> SaleDocument:
    """Issue a credit or debit note on an issued document; a return puts the stock back.

    ``today`` as in ``sale_draft``."""
    draft = note_draft(company=company, data=data, user=user, today=today)
    document, lines, items = draft.document, draft.lines, draft.items
    try:
        series = series_find(company=company, doc_type=data.doc_type, code=document.series_code)
        document.series, document.number = series, series.next_number
        sale_compute(draft)
        restock = data.restock if data.restock is not None else (
            data.doc_type == DocumentType.CREDIT_NOTE and data.reason in RESTOCK_REASONS)
        checked = einvoicing.document_prepare(document, lines, [])
        if restock:
            draft.warehouse = _warehouse_for(company, items)
        with transaction.atomic():
            document.number = series_take(series=series)
            prepared = einvoicing.document_renumber(checked, document, lines, [])
            return _store(company, draft, prepared, user=user,
                          movement_kind=MovementKind.SALE_RETURN if restock else None, sign=+1)
    except SeriesError as exc:
        raise SaleRefused([str(exc)], "series") from None


def note_lines_from(document: SaleDocument) -> list[LineInput]:
    """The lines of ``document`` as a note's starting point (the form prefills them)."""
    return [LineInput(description=line.description, quantity=line.quantity, unit_price=line.unit_price,
                      product_id=line.product_id, price_includes_igv=line.price_includes_igv,
                      discount=line.discount, affectation=line.affectation, unit_code=line.unit_code,
                      code=line.code)
            for line in document.lines.all()]


__all__ = ["DocumentRejected", "SaleRefused", "note_draft", "note_issue", "note_lines_from", "propose_installments",
           "sale_compute", "sale_draft", "sale_issue"]
