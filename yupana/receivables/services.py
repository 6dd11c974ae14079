"""Open receivables from credit documents, reduce them with credit notes, record and reverse payments.

Every service runs in one transaction and locks the cuotas it touches (``select_for_update``), so a
refusal leaves nothing half-applied and two cashiers cannot apply the same balance twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils import timezone

from yupana.audit.services import audit_record
from yupana.companies.models import Company, DocumentType
from yupana.masterdata.models import Customer

from .models import Currency, Method, Payment, PaymentApplication, Receivable, ReceivableCredit
from .money import ZERO, convert, fmt, round_money


class PaymentRefused(Exception):
    """The payment (or its reversal) cannot be recorded; ``messages`` are Spanish and name the field."""

    def __init__(self, messages: list[str], field: str = ""):
        self.messages = messages
        self.field = field
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class Allocation:
    """Apply up to ``amount`` (cuota currency; None: all it can) of the payment to one cuota."""

    receivable_id: int
    amount: Decimal | None = None


# --- receivables from documents -------------------------------------------------------------

def receivables_on_issue(*, document) -> None:
    """Called by sales when a document is stored: credit sales open cuotas, credit notes reduce them."""
    if document.doc_type in (DocumentType.FACTURA, DocumentType.BOLETA):
        if document.payment_terms == "credito" and document.customer_id:
            receivable_open_for_document(document=document)
    elif document.doc_type == DocumentType.CREDIT_NOTE and document.reference_id:
        receivable_credit_for_note(note=document)


def receivable_open_for_document(*, document) -> list[Receivable]:
    """One receivable per cuota, with the due date sent to SUNAT (idempotent)."""
    if Receivable.objects.filter(document=document).exists():
        return list(Receivable.objects.filter(document=document))
    rate = document.exchange_rate if document.currency == Currency.USD else Decimal("1")
    rows = [Receivable(company_id=document.company_id, document=document, customer_id=document.customer_id,
                       position=cuota.position, issue_date=document.issue_date, due_date=cuota.due_date,
                       currency=document.currency, rate=rate, amount=cuota.amount, balance=cuota.amount)
            for cuota in document.installments.all()]
    return Receivable.objects.bulk_create(rows)


def receivable_credit_for_note(*, note) -> list[ReceivableCredit]:
    """A credit note reduces the open cuotas of the document it modifies, latest due first; what
    exceeds the open balance (the document was already paid) becomes a balance in favour."""
    receivables = list(Receivable.objects.select_for_update().filter(document_id=note.reference_id)
                       .order_by("-due_date", "-position"))
    if not receivables:
        return []
    left = round_money(note.total)
    credits = []
    for receivable in receivables:
        if left <= 0:
            break
        part = min(left, receivable.balance)
        if part > 0:
            credits.append(ReceivableCredit(company_id=note.company_id, note=note, receivable=receivable,
                                            customer_id=receivable.customer_id, amount=part, rate=receivable.rate))
            left -= part
    if left > 0:
        credits.append(ReceivableCredit(company_id=note.company_id, note=note, receivable=None,
                                        customer_id=receivables[0].customer_id, amount=left,
                                        rate=receivables[0].rate))
    ReceivableCredit.objects.bulk_create(credits)
    receivables_refresh(ids=[r.pk for r in receivables])
    return credits


def receivables_refresh(*, ids) -> None:
    """Recompute ``credited``, ``paid`` and ``balance`` of these cuotas from their detail rows."""
    paid = dict(PaymentApplication.objects.filter(receivable_id__in=ids, payment__reversed_at__isnull=True)
                .values("receivable_id").annotate(s=Sum("amount")).values_list("receivable_id", "s"))
    credited = dict(ReceivableCredit.objects.filter(receivable_id__in=ids).values("receivable_id")
                    .annotate(s=Sum("amount")).values_list("receivable_id", "s"))
    rows = list(Receivable.objects.filter(pk__in=ids))
    for row in rows:
        row.paid = paid.get(row.pk) or ZERO
        row.credited = credited.get(row.pk) or ZERO
        row.balance = row.amount - row.paid - row.credited
    Receivable.objects.bulk_update(rows, ["paid", "credited", "balance"])


DEAD_STATES = ["rechazado", "anulado"]


def still_valid(field: str = "document_id"):
    """Filter: the document in ``field`` was not rejected by SUNAT nor voided (NOT EXISTS on its
    electronic row: no join through the sales table)."""
    from yupana.einvoicing.models import ElectronicDocument

    return ~Exists(ElectronicDocument.objects.filter(document_id=OuterRef(field), status__in=DEAD_STATES))


def open_receivables(company) -> QuerySet:
    """Cuotas with something left to collect, of documents SUNAT did not reject and nobody voided."""
    return Receivable.objects.for_company(company).filter(still_valid(), balance__gt=0)


def _detail(**values) -> dict:
    """Audit ``changes`` as [old, new] pairs (what the customer's history shows): nothing -> the fact."""
    return {name.replace("_", " "): [None, value] for name, value in values.items()}


# --- payments ------------------------------------------------------------------------------

@dataclass
class _Plan:
    receivable: Receivable
    amount: Decimal  # receivable currency
    payment_amount: Decimal  # payment currency


def _check_header(*, customer, date, method, amount, currency, exchange_rate, today) -> None:
    if customer is None:
        raise PaymentRefused(["Elija el cliente que paga."], "customer")
    if method not in Method.values:
        raise PaymentRefused(["Medio de pago inválido: efectivo, transferencia, depósito, Yape/Plin, tarjeta o "
                              "cheque."], "method")
    if currency not in Currency.values:
        raise PaymentRefused(["Moneda inválida (PEN o USD)."], "currency")
    if amount is None or amount <= 0:
        raise PaymentRefused(["El importe del pago debe ser mayor que cero."], "amount")
    if round_money(amount) != amount:
        raise PaymentRefused(["El importe del pago lleva como máximo dos decimales."], "amount")
    if currency == Currency.USD and not exchange_rate:
        raise PaymentRefused(["Indique el tipo de cambio: el pago es en dólares."], "exchange_rate")
    if exchange_rate is not None and exchange_rate <= 0:
        raise PaymentRefused(["El tipo de cambio debe ser mayor que cero."], "exchange_rate")
    if date is None:
        raise PaymentRefused(["Indique la fecha del pago."], "date")
    if date > today:
        raise PaymentRefused([f"La fecha del pago ({date:%d/%m/%Y}) no puede ser posterior a hoy."], "date")


def _capacity(receivable: Receivable, remaining: Decimal, currency: str, rate) -> tuple[Decimal, Decimal]:
    """(amount applied to the cuota, amount taken from the payment) for at most ``remaining``."""
    capacity = convert(remaining, source=currency, target=receivable.currency, rate=rate)
    applied = min(receivable.balance, capacity)
    taken = remaining if applied == capacity else min(
        remaining, convert(applied, source=receivable.currency, target=currency, rate=rate))
    return applied, taken


def _needs_rate(receivable: Receivable, currency: str, rate) -> None:
    if receivable.currency != currency and not rate:
        raise PaymentRefused([f"Indique el tipo de cambio: {receivable.label} está en "
                              f"{Currency(receivable.currency).label} y el pago en {Currency(currency).label}."],
                             "exchange_rate")


def _plan_oldest_first(receivables, *, amount, currency, rate, date) -> list[_Plan]:
    eligible = [r for r in receivables if r.issue_date <= date]
    if receivables and not eligible:
        first = receivables[0]
        raise PaymentRefused([f"La fecha del pago ({date:%d/%m/%Y}) es anterior a los comprobantes pendientes "
                              f"(el primero, {first.document.document_id}, es del {first.issue_date:%d/%m/%Y})."],
                             "date")
    plans, remaining = [], amount
    for receivable in eligible:
        if remaining <= 0:
            break
        _needs_rate(receivable, currency, rate)
        applied, taken = _capacity(receivable, remaining, currency, rate)
        if applied > 0:
            plans.append(_Plan(receivable, applied, taken))
            remaining -= taken
    return plans


def _plan_chosen(receivables, allocations, *, amount, currency, rate, date) -> list[_Plan]:
    by_id = {r.pk: r for r in receivables}
    seen, plans, remaining = set(), [], amount
    for allocation in allocations:
        receivable = by_id.get(allocation.receivable_id)
        if allocation.receivable_id in seen:
            label = receivable.label if receivable else "una cuota"
            raise PaymentRefused([f"La cuota {label} figura dos veces en el pago."], "allocations")
        seen.add(allocation.receivable_id)
        if receivable is None:
            raise PaymentRefused(["Una de las cuotas elegidas no existe, es de otro cliente o ya está pagada."],
                                 "allocations")
        if receivable.issue_date > date:
            raise PaymentRefused([f"La fecha del pago ({date:%d/%m/%Y}) es anterior al comprobante "
                                  f"{receivable.document.document_id} ({receivable.issue_date:%d/%m/%Y})."], "date")
        _needs_rate(receivable, currency, rate)
        if allocation.amount is not None:
            wanted = allocation.amount
            if wanted <= 0:
                raise PaymentRefused([f"El monto aplicado a {receivable.label} debe ser mayor que cero."],
                                     "allocations")
            if wanted > receivable.balance:
                raise PaymentRefused([f"El monto aplicado a {receivable.label} ({fmt(wanted, receivable.currency)}) "
                                      f"supera su saldo ({fmt(receivable.balance, receivable.currency)})."],
                                     "allocations")
            taken = convert(wanted, source=receivable.currency, target=currency, rate=rate)
            if taken > remaining:
                raise PaymentRefused(["Lo aplicado a las cuotas elegidas supera el importe del pago "
                                      f"({fmt(amount, currency)})."], "allocations")
            plans.append(_Plan(receivable, wanted, taken))
            remaining -= taken
        else:
            if remaining <= 0:
                break
            applied, taken = _capacity(receivable, remaining, currency, rate)
            plans.append(_Plan(receivable, applied, taken))
            remaining -= taken
    return plans


def _next_number(company) -> int:
    Company.objects.select_for_update().filter(pk=company.pk).first()  # serialises numbering per company
    last = Payment.objects.for_company(company).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def payment_record(*, company, user, customer: Customer | None, date: dt.date, method: str, amount: Decimal,
                   currency: str = "PEN", exchange_rate: Decimal | None = None, reference: str = "",
                   notes: str = "", allocations: list[Allocation] | None = None, token: str = "",
                   today: dt.date | None = None) -> Payment:
    """Record a cobranza and apply it: oldest cuota first, or to ``allocations`` as chosen.

    What is not applied stays on the payment as the customer's balance in favour
    (``payment.unapplied``; ``payment.summary`` says so in Spanish).
    """
    today = today or timezone.localdate()
    _check_header(customer=customer, date=date, method=method, amount=amount, currency=currency,
                  exchange_rate=exchange_rate, today=today)
    if customer.company_id != company.pk:
        raise PaymentRefused(["El cliente no existe."], "customer")
    rate = exchange_rate if (currency == Currency.USD or exchange_rate) else None
    reference = (reference or "").strip()
    with transaction.atomic():
        if token and Payment.objects.for_company(company).filter(token=token).exists():
            first = Payment.objects.for_company(company).get(token=token)
            raise PaymentRefused([f"Este pago ya fue registrado ({first}); no se aplicó dos veces."], "token")
        if reference and method != Method.CASH:
            twin = (Payment.objects.for_company(company).filter(method=method, reference__iexact=reference,
                                                                reversed_at__isnull=True).first())
            if twin:
                raise PaymentRefused([f"Ya existe un pago por {twin.get_method_display().lower()} con la referencia "
                                      f"{twin.reference} ({twin}, {twin.customer.name}); no se aplicó dos veces."],
                                     "reference")
        receivables = list(open_receivables(company).select_for_update(of=("self",))
                           .filter(customer=customer).select_related("document")
                           .order_by("due_date", "issue_date", "document_id", "position"))
        if allocations:
            plans = _plan_chosen(receivables, allocations, amount=amount, currency=currency, rate=rate, date=date)
        else:
            plans = _plan_oldest_first(receivables, amount=amount, currency=currency, rate=rate, date=date)
        applied_total = sum((p.payment_amount for p in plans), ZERO)
        payment = Payment(company=company, number=_next_number(company), customer=customer, date=date,
                          method=method, reference=reference, currency=currency, exchange_rate=rate, amount=amount,
                          unapplied=amount - applied_total, notes=notes, token=token, created_by=user)
        payment.full_clean(exclude=["created_by"])
        payment.save()
        PaymentApplication.objects.bulk_create([
            PaymentApplication(payment=payment, receivable=p.receivable, amount=p.amount, payment_amount=p.payment_amount)
            for p in plans])
        receivables_refresh(ids=[p.receivable.pk for p in plans])
        audit_record(company=company, user=user, action="cobranza", instance=customer,
                     changes=_detail(recibo=str(payment), importe=fmt(amount, currency),
                                     medio=payment.get_method_display(), saldo_a_favor=fmt(payment.unapplied, currency)))
    payment.summary = payment_summary(payment, plans=plans)
    return payment


def payment_summary(payment: Payment, *, plans=None) -> str:
    """One Spanish sentence: what was applied and what stays as balance in favour."""
    parts = [f"{payment} por {fmt(payment.amount, payment.currency)}"]
    if plans:
        parts.append("aplicado a " + ", ".join(f"{p.receivable.label} ({fmt(p.amount, p.receivable.currency)})"
                                               for p in plans))
    if payment.unapplied > 0:
        parts.append(f"{fmt(payment.unapplied, payment.currency)} quedan como saldo a favor del cliente")
    return "; ".join(parts) + "."


def payment_reverse(*, company, user, payment: Payment, reason: str) -> Payment:
    """Undo a payment (cheque returned, wrong customer): its cuotas open again; the reason is kept."""
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise PaymentRefused(["Indique el motivo de la anulación (al menos 5 caracteres)."], "reason")
    with transaction.atomic():
        locked = Payment.objects.for_company(company).select_for_update().get(pk=payment.pk)
        if locked.is_reversed:
            raise PaymentRefused([f"El {locked} ya fue anulado el {timezone.localtime(locked.reversed_at):%d/%m/%Y}."],
                                 "payment")
        ids = list(locked.applications.values_list("receivable_id", flat=True))
        Receivable.objects.select_for_update().filter(pk__in=ids).count()
        locked.reversed_at = timezone.now()
        locked.reversal_reason = reason[:250]
        locked.reversed_by = user
        locked.save(update_fields=["reversed_at", "reversal_reason", "reversed_by"])
        receivables_refresh(ids=ids)
        audit_record(company=company, user=user, action="anular cobranza", instance=locked.customer,
                     changes=_detail(recibo=str(locked), motivo=reason))
    return locked


def payment_apply_balance(*, company, user, payment: Payment, today: dt.date | None = None) -> Payment:
    """Apply a payment's balance in favour to the customer's open cuotas, oldest first."""
    with transaction.atomic():
        locked = Payment.objects.for_company(company).select_for_update().get(pk=payment.pk)
        if locked.is_reversed or locked.unapplied <= 0:
            raise PaymentRefused(["Este pago no tiene saldo a favor por aplicar."], "payment")
        receivables = list(open_receivables(company).select_for_update(of=("self",))
                           .filter(customer_id=locked.customer_id).select_related("document")
                           .order_by("due_date", "issue_date", "document_id", "position"))
        plans = _plan_oldest_first([r for r in receivables if r.issue_date <= (today or timezone.localdate())],
                                   amount=locked.unapplied, currency=locked.currency, rate=locked.exchange_rate,
                                   date=today or timezone.localdate())
        if not plans:
            raise PaymentRefused(["El cliente no tiene cuotas pendientes donde aplicar el saldo a favor."], "payment")
        PaymentApplication.objects.bulk_create([
            PaymentApplication(payment=locked, receivable=p.receivable, amount=p.amount, payment_amount=p.payment_amount)
            for p in plans])
        locked.unapplied -= sum((p.payment_amount for p in plans), ZERO)
        locked.save(update_fields=["unapplied"])
        receivables_refresh(ids=[p.receivable.pk for p in plans])
        audit_record(company=company, user=user, action="aplicar saldo a favor", instance=locked.customer,
                     changes=_detail(recibo=str(locked)))
    return locked


def balance_in_favour(*, company, customer) -> Decimal:
    """Soles the customer has paid or been credited beyond what they owed."""
    rows = (Payment.objects.for_company(company).filter(customer=customer, reversed_at__isnull=True, unapplied__gt=0)
            .values_list("unapplied", "currency", "exchange_rate"))
    total = sum((round_money(u * (r if c == Currency.USD else 1)) for u, c, r in rows), ZERO)
    extra = (ReceivableCredit.objects.for_company(company).filter(customer=customer, receivable__isnull=True)
             .values_list("amount", "rate"))
    return total + sum((round_money(a * r) for a, r in extra), ZERO)


__all__ = ["Allocation", "PaymentRefused", "balance_in_favour", "open_receivables", "payment_apply_balance",
           "payment_record", "payment_reverse", "receivable_credit_for_note", "receivable_open_for_document",
           "receivables_on_issue", "receivables_refresh"]
