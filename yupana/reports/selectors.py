"""Queries behind the document list, its totals and the home dashboard.

Built on ``yupana.sales.selectors.document_list`` (search and type/status filters) plus the
period, customer, series and currency. Everything runs on indexes that start with the company
and the issue date, so the default view (this month) stays fast with millions of documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, Exists, F, Min, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from yupana.companies.models import DocumentType, Series
from yupana.einvoicing.models import ElectronicDocument, Status
from yupana.sales import selectors as sales_selectors

from .filters import DocumentFilters

NOT_COUNTED = (Status.REJECTED, Status.VOIDED)  # not valid sales
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)


def with_status(rows, *, company, statuses) -> object:
    """Documents whose SUNAT state is one of ``statuses``, as a semi-join on the (company, status)
    index: a plain join on the state made PostgreSQL hash all the company's SUNAT rows."""
    return rows.filter(Exists(ElectronicDocument.objects.filter(
        company_id=company.pk, status__in=list(statuses), document_id=OuterRef("pk"))))


def valid_only(rows, *, company):
    """Without rejected and voided documents (an anti-join on the same index)."""
    return rows.filter(~Exists(ElectronicDocument.objects.filter(
        company_id=company.pk, status__in=list(NOT_COUNTED), document_id=OuterRef("pk"))))


def document_rows(*, company, filters: DocumentFilters):
    rows = sales_selectors.document_list(company=company, q=filters.q, doc_type=filters.doc_type)
    if filters.status:
        rows = with_status(rows, company=company, statuses=[filters.status])
    rows = rows.filter(issue_date__gte=filters.date_from, issue_date__lte=filters.date_to)
    if filters.series:
        rows = rows.filter(series_code=filters.series)
    if filters.currency:
        rows = rows.filter(currency=filters.currency)
    if filters.customer:
        text = filters.customer
        rows = rows.filter(customer_doc_number=text) if text.isdigit() else rows.filter(customer_name__icontains=text)
    return rows


def _signed(column: str):
    """A credit note subtracts from sales."""
    return Case(When(doc_type=DocumentType.CREDIT_NOTE, then=-F(column)), default=F(column), output_field=MONEY)


@dataclass(frozen=True)
class Totals:
    currency: str
    count: int
    gravadas: Decimal
    igv: Decimal
    total: Decimal


def document_totals(rows, *, company) -> list[Totals]:
    """Per currency: valid documents (not rejected or voided), credit notes subtracted."""
    grouped = (valid_only(rows, company=company).select_related(None).order_by().values("currency")
               .annotate(count=Count("id"), gravadas=Sum(_signed("total_gravadas")), igv=Sum(_signed("total_igv")),
                         total=Sum(_signed("total"))).order_by("currency"))
    return [Totals(g["currency"], g["count"], g["gravadas"] or ZERO, g["igv"] or ZERO, g["total"] or ZERO)
            for g in grouped]


def series_choices(*, company) -> list[str]:
    return list(Series.objects.for_company(company).order_by("code").values_list("code", flat=True).distinct())


# --- dashboard ---

def _in_soles():
    """A document's signed total in soles (dollars at the document's exchange rate)."""
    rate = Coalesce(F("exchange_rate"), Value(Decimal("1")), output_field=DecimalField(max_digits=8, decimal_places=4))
    return Case(When(doc_type=DocumentType.CREDIT_NOTE, then=-F("total") * rate), default=F("total") * rate,
                output_field=MONEY)


@dataclass
class Dashboard:
    today: dt.date
    today_total: Decimal
    today_count: int
    month_total: Decimal
    month_count: int
    pending: int
    pending_oldest: dt.datetime | None
    pending_due: tuple[str, dt.date] | None  # the pending document whose SUNAT deadline comes first
    pending_in_summary: int  # boletas waiting for their daily summary (not a connection problem)
    rejected: int
    per_day: list[tuple[dt.date, Decimal]]


def _first_deadline(company) -> tuple[str, dt.date] | None:
    """(series-number, last day SUNAT receives it) of the pending document sent on its own whose
    deadline comes first: after that day SUNAT rejects it (2108). Boletas in a daily summary go
    with their summary and are not counted here."""
    from yupana.sunat.deadlines import send_deadline

    rows = (ElectronicDocument.objects.for_company(company)
            .filter(status__in=[Status.ISSUED, Status.SENT], via_summary=False)
            .order_by("document__issue_date")
            .values_list("document__series_code", "document__number", "document__issue_date")[:50])
    due = [(f"{series}-{number}", send_deadline(series, issued)) for series, number, issued in rows]
    return min(due, key=lambda item: item[1]) if due else None


def dashboard(*, company, today: dt.date, days: int = 30) -> Dashboard:
    from yupana.sales.models import SaleDocument

    start = min(today.replace(day=1), today - dt.timedelta(days=days - 1))
    valid = valid_only(SaleDocument.objects.for_company(company).filter(issue_date__gte=start, issue_date__lte=today),
                       company=company)
    daily = {row["issue_date"]: (row["amount"] or ZERO, row["n"]) for row in
             valid.order_by().values("issue_date").annotate(amount=Sum(_in_soles()), n=Count("id"))}
    month_days = [d for d in daily if d >= today.replace(day=1)]
    pending = (ElectronicDocument.objects.for_company(company).filter(status__in=[Status.ISSUED, Status.SENT])
               .aggregate(n=Count("id"), oldest=Min("issued_at", filter=Q(via_summary=False)),
                          in_summary=Count("id", filter=Q(via_summary=True))))
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=30), dt.time.min))
    rejected = ElectronicDocument.objects.for_company(company).filter(status=Status.REJECTED, issued_at__gte=since).count()
    window = [today - dt.timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    return Dashboard(
        today=today, today_total=daily.get(today, (ZERO, 0))[0], today_count=daily.get(today, (ZERO, 0))[1],
        month_total=sum((daily[d][0] for d in month_days), ZERO), month_count=sum(daily[d][1] for d in month_days),
        pending=pending["n"], pending_oldest=pending["oldest"], rejected=rejected,
        pending_due=_first_deadline(company) if pending["oldest"] else None,  # only documents sent one by one
        pending_in_summary=pending["in_summary"],
        per_day=[(day, daily.get(day, (ZERO, 0))[0]) for day in window],
    )


__all__ = ["Dashboard", "Totals", "dashboard", "document_rows", "document_totals", "series_choices"]
