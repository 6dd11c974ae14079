"""Read side of receivables: credit status, the sale-time credit check, aging and the dashboard.

Amounts are totalled in soles: a cuota in dollars counts at its document's exchange rate.
The account statement lives in ``statements.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Sum, When
from django.utils import timezone

from yupana.companies.models import Policy
from yupana.masterdata.models import Customer

from .models import Payment, ReceivablesSettings
from .money import ZERO, fmt, round_money
from .services import balance_in_favour, open_receivables

PEN = DecimalField(max_digits=18, decimal_places=2)


def settings_for(company) -> ReceivablesSettings:
    """The company's collection settings (created with the defaults on first use)."""
    found = ReceivablesSettings.objects.filter(company=company).first()
    return found or ReceivablesSettings.objects.get_or_create(company=company)[0]


def _in_soles():
    return ExpressionWrapper(F("balance") * F("rate"), output_field=PEN)


# --- credit control ------------------------------------------------------------------------

@dataclass(frozen=True)
class CreditStatus:
    controlled: bool  # the plan includes credit control
    enabled: bool
    limit: Decimal
    days: int
    used: Decimal
    available: Decimal
    overdue: Decimal
    overdue_count: int
    oldest_overdue: dt.date | None
    balance_in_favour: Decimal

    @property
    def over_limit(self) -> bool:
        return self.enabled and self.used > self.limit


def customer_credit_status(company, customer, *, today: dt.date | None = None) -> CreditStatus:
    """Limit, used, available, credit days and overdue amount of one customer (three queries)."""
    today = today or timezone.localdate()
    rows = list(open_receivables(company).filter(customer=customer).values_list("balance", "rate", "due_date"))
    used = sum((round_money(b * r) for b, r, _ in rows), ZERO)
    overdue_rows = [(b, r, d) for b, r, d in rows if d < today]
    overdue = sum((round_money(b * r) for b, r, _ in overdue_rows), ZERO)
    limit = customer.credit_limit or ZERO
    return CreditStatus(
        controlled=bool(company.plan.credit_control), enabled=customer.credit_enabled, limit=limit,
        days=customer.credit_days, used=used, available=max(limit - used, ZERO) if customer.credit_enabled else ZERO,
        overdue=overdue, overdue_count=len(overdue_rows),
        oldest_overdue=min((d for _, _, d in overdue_rows), default=None),
        balance_in_favour=balance_in_favour(company=company, customer=customer),
    )


@dataclass
class CreditCheck:
    """What the sale form and ``sale_issue`` do with a credit sale: refuse it, or warn and go on."""

    blocking: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    status: CreditStatus | None = None


def sale_credit_check(*, company, customer, amount: Decimal, today: dt.date | None = None) -> CreditCheck:
    """The credit limit (company ``credit_policy``) and overdue cuotas (``overdue_policy``) for a
    credit sale of ``amount`` soles to ``customer``. Only for plans with credit control."""
    check = CreditCheck()
    if not company.plan.credit_control:
        return check
    if customer is None or not customer.credit_enabled:
        check.blocking.append("El cliente no tiene crédito habilitado: venda al contado o habilite su crédito.")
        return check
    status = check.status = customer_credit_status(company, customer, today=today)
    if status.used + amount > status.limit:
        message = (f"La venta supera el límite de crédito del cliente: límite {fmt(status.limit)}, "
                   f"usado {fmt(status.used)}, esta venta {fmt(amount)}.")
        (check.blocking if company.credit_policy == Policy.BLOCK else check.warnings).append(message)
    policy = settings_for(company).overdue_policy
    if status.overdue > 0 and policy != "permitir":
        count = status.overdue_count
        message = (f"El cliente tiene {count} cuota{'s' if count != 1 else ''} vencida{'s' if count != 1 else ''} "
                   f"por {fmt(status.overdue)} (la más antigua venció el {status.oldest_overdue:%d/%m/%Y}).")
        (check.blocking if policy == Policy.BLOCK else check.warnings).append(message)
    return check


# --- aging ---------------------------------------------------------------------------------

BUCKETS = [("not_due", "Por vencer"), ("d30", "1–30 días"), ("d60", "31–60 días"), ("d90", "61–90 días"),
           ("over90", "Más de 90 días")]


@dataclass
class AgingRow:
    customer_id: int
    name: str
    document_number: str
    not_due: Decimal
    d30: Decimal
    d60: Decimal
    d90: Decimal
    over90: Decimal

    @property
    def total(self) -> Decimal:
        return self.not_due + self.d30 + self.d60 + self.d90 + self.over90

    @property
    def overdue(self) -> Decimal:
        return self.d30 + self.d60 + self.d90 + self.over90


@dataclass
class Aging:
    as_of: dt.date
    rows: list[AgingRow]
    totals: AgingRow


def aging_report(*, company, as_of: dt.date | None = None, overdue_only: bool = False, q: str = "") -> Aging:
    """Open balance per customer by days past due on ``as_of``: one grouped query and one for names."""
    as_of = as_of or timezone.localdate()
    soles = _in_soles()

    def bucket(**condition):
        return Sum(Case(When(then=soles, **condition), default=ZERO, output_field=PEN), output_field=PEN)

    qs = open_receivables(company)
    if q:
        from yupana.masterdata.models import search_key

        qs = qs.filter(customer__search_text__contains=search_key(q))
    # Sum per customer id first (a hash aggregate), then name the customers: grouping by name would
    # sort every cuota.
    sums = (qs.values("customer_id")
            .annotate(not_due=bucket(due_date__gte=as_of),
                      d30=bucket(due_date__lt=as_of, due_date__gte=as_of - dt.timedelta(days=30)),
                      d60=bucket(due_date__lt=as_of - dt.timedelta(days=30), due_date__gte=as_of - dt.timedelta(days=60)),
                      d90=bucket(due_date__lt=as_of - dt.timedelta(days=60), due_date__gte=as_of - dt.timedelta(days=90)),
                      over90=bucket(due_date__lt=as_of - dt.timedelta(days=90)))
            .order_by())
    names = dict((pk, (name, number)) for pk, name, number in Customer.objects.for_company(company)
                 .filter(Exists(qs.filter(customer_id=OuterRef("pk"))))
                 .values_list("pk", "name", "document_number"))
    result = []
    for row in sums:
        name, number = names.get(row["customer_id"], ("", ""))
        item = AgingRow(row["customer_id"], name, number, *(round_money(row[key] or ZERO) for key, _ in BUCKETS))
        if overdue_only and item.overdue <= 0:
            continue
        result.append(item)
    result.sort(key=lambda r: (r.name.lower(), r.customer_id))
    totals = AgingRow(0, "Total", "", *(sum((getattr(r, key) for r in result), ZERO) for key, _ in BUCKETS))
    return Aging(as_of, result, totals)


# --- dashboard -----------------------------------------------------------------------------

@dataclass
class Dashboard:
    total: Decimal
    overdue: Decimal
    collected_month: Decimal
    top_debtors: list[tuple[int, str, Decimal]]


def dashboard_figures(*, company, today: dt.date | None = None, top: int = 5) -> Dashboard:
    """Total receivable, overdue, collected this month and the customers who owe most."""
    today = today or timezone.localdate()
    soles = _in_soles()
    qs = open_receivables(company)
    figures = qs.aggregate(total=Sum(soles, output_field=PEN),
                           overdue=Sum(Case(When(due_date__lt=today, then=soles), default=ZERO, output_field=PEN),
                                       output_field=PEN))
    debtors = (qs.values("customer_id", "customer__name").annotate(owed=Sum(soles, output_field=PEN))
               .order_by("-owed", "customer__name")[:top])
    payments = (Payment.objects.for_company(company)
                .filter(reversed_at__isnull=True, date__gte=today.replace(day=1), date__lte=today)
                .values_list("amount", "currency", "exchange_rate"))
    collected = sum((round_money(a * (r if c == "USD" else 1)) for a, c, r in payments), ZERO)
    return Dashboard(total=round_money(figures["total"] or ZERO), overdue=round_money(figures["overdue"] or ZERO),
                     collected_month=collected,
                     top_debtors=[(d["customer_id"], d["customer__name"], round_money(d["owed"])) for d in debtors])


# --- one document ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentCollection:
    """How much of a credit document is collected: ``state`` is pagado, vencido or pendiente."""

    state: str
    amount: Decimal
    balance: Decimal
    currency: str
    cuotas: list

    @property
    def label(self) -> str:
        return {"pagado": "Pagado", "vencido": "Vencido", "pendiente": "Pendiente de cobro"}[self.state]


def document_collection(*, document, today: dt.date | None = None) -> DocumentCollection | None:
    """None for documents that open no receivable (cash sales, notes)."""
    from .models import Receivable

    today = today or timezone.localdate()
    cuotas = list(Receivable.objects.filter(document=document).order_by("position"))
    if not cuotas:
        return None
    balance = sum((c.balance for c in cuotas), ZERO)
    state = ("pagado" if balance <= 0 else
             "vencido" if any(c.balance > 0 and c.due_date < today for c in cuotas) else "pendiente")
    return DocumentCollection(state, sum((c.amount for c in cuotas), ZERO), balance, cuotas[0].currency, cuotas)
