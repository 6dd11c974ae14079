"""The estado de cuenta of one customer: opening balance, documents, notes, payments, running
balance and overdue cuotas, in soles. Four flat queries whatever the history's length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .models import Payment, Receivable, ReceivableCredit
from .money import ZERO, round_money
from .services import open_receivables

EXCLUDED = ["rechazado", "anulado"]
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


def _movements(company, customer, date_to: dt.date) -> list[StatementLine]:
    """Every movement up to ``date_to`` (the opening balance is the sum of those before the range)."""
    lines: list[StatementLine] = []
    documents: dict[int, StatementLine] = {}
    rows = (Receivable.objects.for_company(company).filter(customer=customer, issue_date__lte=date_to)
            .exclude(document__electronic__status__in=EXCLUDED)
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
                   .filter(customer=customer, note__issue_date__lte=date_to)
                   .exclude(note__electronic__status__in=EXCLUDED)
                   .values_list("note_id", "note__series_code", "note__number", "note__issue_date",
                                "note__reference__series_code", "note__reference__number", "amount", "rate"))
    for note_id, series, number, issued, ref_series, ref_number, amount, rate in credit_rows:
        line = notes.get(note_id)
        if line is None:
            line = notes[note_id] = StatementLine(issued, "nota", "Nota de crédito", f"{series}-{number}",
                                                  detail=f"Modifica {ref_series}-{ref_number}")
        line.credit += amount if rate == 1 else round_money(amount * rate)
    lines.extend(notes.values())

    payments = (Payment.objects.for_company(company).filter(customer=customer, date__lte=date_to)
                .values_list("number", "date", "method", "reference", "amount", "currency", "exchange_rate",
                             "reversed_at", "reversal_reason"))
    methods = dict(Payment._meta.get_field("method").choices)
    for number, date, method, reference, amount, currency, rate, reversed_at, reason in payments:
        soles = round_money(amount * (rate if currency == "USD" else 1))
        detail = methods.get(method, method) + (f" · {reference}" if reference else "")
        lines.append(StatementLine(date, "pago", "Pago", f"Recibo {number:06d}", credit=soles, detail=detail))
        if reversed_at:
            when = timezone.localtime(reversed_at).date()
            if when <= date_to:
                lines.append(StatementLine(when, "anulacion", "Pago anulado", f"Recibo {number:06d}", debit=soles,
                                           detail=reason))
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
    opening, lines = ZERO, []
    for line in _movements(company, customer, date_to):
        if line.date < date_from:
            opening += line.debit - line.credit
        else:
            lines.append(line)
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
