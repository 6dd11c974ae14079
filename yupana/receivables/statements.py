"""The estado de cuenta of one customer: opening balance, documents, notes, payments, running
balance and overdue cuotas, in soles. The opening balance is four sums in the database; only the
range's movements are read row by row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, Q, Sum
from django.utils import timezone

from .models import Payment, Receivable, ReceivableCredit
from .money import ZERO, round_money
from .services import open_receivables, still_valid

MONEY = DecimalField(max_digits=18, decimal_places=2)
ORDER = {"documento": 0, "nota": 1, "pago": 2, "anulacion": 3}


@dataclass
class StatementLine:
    date: dt.date
    kind: str  # documento, nota, pago, anulacion
    label: str
    reference: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    balance: Decimal = ZERO
    due_date: dt.date | None = None
    detail: str = ""

    def sort_key(self):
        return (self.date, ORDER[self.kind], self.reference)


@dataclass
class OverdueItem:
    document_id: str
    position: int
    issue_date: dt.date
    due_date: dt.date
    days: int
    balance: Decimal


@dataclass
class Statement:
    company: object
    customer: object
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    opening: Decimal
    lines: list[StatementLine]
    overdue: list[OverdueItem] = field(default_factory=list)

    @property
    def total_debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.total_debit - self.total_credit

    @property
    def overdue_total(self) -> Decimal:
        return sum((item.balance for item in self.overdue), ZERO)


DOC_LABELS = {"01": "Factura", "03": "Boleta", "07": "Nota de crédito", "08": "Nota de débito"}


def _soles(queryset, *, unit: Q) -> Decimal:
    """Sum of ``amount`` in soles: rows at rate 1 (``unit``) added by the database, the few in dollars
    converted row by row (rounded per row, as the statement lines are)."""
    total = queryset.filter(unit).aggregate(s=Sum("amount", output_field=MONEY))["s"] or ZERO
    rest = queryset.exclude(unit).values_list("amount", "rate")
    return round_money(total) + sum((round_money(amount * rate) for amount, rate in rest), ZERO)


def _opening(company, customer, date_from: dt.date) -> Decimal:
    """The balance before ``date_from``, aggregated (a long history costs four sums, not its rows)."""
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min))
    documents = _soles(Receivable.objects.for_company(company).filter(customer=customer, issue_date__lt=date_from)
                       .filter(still_valid()), unit=Q(rate=1))
    notes = _soles(ReceivableCredit.objects.for_company(company).filter(customer=customer,
                                                                        note__issue_date__lt=date_from)
                   .filter(still_valid("note_id")), unit=Q(rate=1))
    payments = Payment.objects.for_company(company).filter(customer=customer).annotate(rate=F("exchange_rate"))
    paid = _soles(payments.filter(date__lt=date_from), unit=Q(currency="PEN"))
    reversed_ = _soles(payments.filter(reversed_at__lt=start), unit=Q(currency="PEN"))
    return documents - notes - paid + reversed_


def _movements(company, customer, date_from: dt.date, date_to: dt.date) -> list[StatementLine]:
    """Every movement dated within ``[date_from, date_to]``, in order."""
    lines: list[StatementLine] = []
    documents: dict[int, StatementLine] = {}
    rows = (Receivable.objects.for_company(company)
            .filter(customer=customer, issue_date__gte=date_from, issue_date__lte=date_to)
            .filter(still_valid())
            .values_list("document_id", "document__doc_type", "document__series_code", "document__number",
                         "issue_date", "due_date", "amount", "rate", "currency"))
    for doc_id, doc_type, series, number, issued, due, amount, rate, currency in rows:
        line = documents.get(doc_id)
        if line is None:
            line = documents[doc_id] = StatementLine(issued, "documento", DOC_LABELS.get(doc_type, doc_type),
                                                     f"{series}-{number}",
                                                     detail="En dólares al tipo de cambio del comprobante"
                                                     if currency == "USD" else "")
        line.debit += amount if rate == 1 else round_money(amount * rate)
        line.due_date = max(line.due_date or due, due)
    lines.extend(documents.values())

    notes: dict[int, StatementLine] = {}
    credit_rows = (ReceivableCredit.objects.for_company(company)
                   .filter(customer=customer, note__issue_date__gte=date_from, note__issue_date__lte=date_to)
                   .filter(still_valid("note_id"))
                   .values_list("note_id", "note__series_code", "note__number", "note__issue_date",
                                "note__reference__series_code", "note__reference__number", "amount", "rate"))
    for note_id, series, number, issued, ref_series, ref_number, amount, rate in credit_rows:
        line = notes.get(note_id)
        if line is None:
            line = notes[note_id] = StatementLine(issued, "nota", "Nota de crédito", f"{series}-{number}",
                                                  detail=f"Modifica {ref_series}-{ref_number}")
        line.credit += amount if rate == 1 else round_money(amount * rate)
    lines.extend(notes.values())

    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    payments = (Payment.objects.for_company(company).filter(customer=customer)
                .filter(Q(date__gte=date_from, date__lte=date_to) | Q(reversed_at__gte=start, reversed_at__lt=end))
                .values_list("number", "date", "method", "reference", "amount", "currency", "exchange_rate",
                             "reversed_at", "reversal_reason"))
    methods = dict(Payment._meta.get_field("method").choices)
    for number, date, method, reference, amount, currency, rate, reversed_at, reason in payments:
        soles = amount if currency == "PEN" else round_money(amount * rate)
        if date_from <= date <= date_to:
            detail = methods.get(method, method) + (f" · {reference}" if reference else "")
            lines.append(StatementLine(date, "pago", "Pago", f"Recibo {number:06d}", credit=soles, detail=detail))
        if reversed_at and start <= reversed_at < end:
            lines.append(StatementLine(timezone.localtime(reversed_at).date(), "anulacion", "Pago anulado",
                                       f"Recibo {number:06d}", debit=soles, detail=reason))
    lines.sort(key=StatementLine.sort_key)
    return lines


def customer_statement(*, company, customer, date_from: dt.date, date_to: dt.date,
                       today: dt.date | None = None) -> Statement:
    """The statement for ``[date_from, date_to]``; the overdue cuotas are those still open ``today``
    (what the customer has to pay now, whatever range was asked for)."""
    if date_from > date_to:
        raise ValueError("La fecha inicial es posterior a la final.")
    today = today or timezone.localdate()
    as_of = today
    opening = _opening(company, customer, date_from)
    lines = _movements(company, customer, date_from, date_to)
    running = opening
    for line in lines:
        running += line.debit - line.credit
        line.balance = running
    rows = (open_receivables(company).filter(customer=customer, due_date__lt=as_of).order_by("due_date", "id")
            .values_list("document__series_code", "document__number", "position", "issue_date", "due_date",
                         "balance", "rate"))
    overdue = [OverdueItem(f"{series}-{number}", position, issued, due, (as_of - due).days, round_money(balance * rate))
               for series, number, position, issued, due, balance, rate in rows]
    return Statement(company, customer, date_from, date_to, as_of, opening, lines, overdue)


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last 90 days: what a customer usually asks for."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=90), today
