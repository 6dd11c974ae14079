"""Reads for the quotation screens: the filtered list, one quotation, the dashboard figures, notices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from .models import AWAITING, Notification, Quotation, QuotationDocument, Status


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    customer: str = ""
    seller: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def parse_filters(params) -> tuple[Filters, list[str]]:
    """Filters from the query string; a bad date is ignored and explained (Spanish, naming the field)."""
    errors = []
    dates = {}
    for name, label in (("desde", "Desde"), ("hasta", "Hasta")):
        raw = (params.get(name) or "").strip()
        dates[name] = None
        if raw:
            try:
                dates[name] = dt.date.fromisoformat(raw)
            except ValueError:
                errors.append(f"{label}: fecha inválida (AAAA-MM-DD).")
    status = params.get("estado", "")
    if status and status not in Status.values:
        errors.append("Estado: no existe.")
        status = ""
    seller = params.get("vendedor", "")
    customer = params.get("cliente", "")
    return Filters(q=(params.get("q") or "").strip()[:100], status=status,
                   customer=customer if customer.isdigit() else "", seller=seller if seller.isdigit() else "",
                   date_from=dates["desde"], date_to=dates["hasta"]), errors


def quotation_list(*, company, filters: Filters):
    rows = Quotation.objects.for_company(company).select_related("seller")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.customer:
        rows = rows.filter(customer_id=int(filters.customer))
    if filters.seller:
        rows = rows.filter(seller_id=int(filters.seller))
    if filters.date_from:
        rows = rows.filter(issue_date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(issue_date__lte=filters.date_to)
    q = filters.q
    if q:
        digits = q.upper().removeprefix("COT-").lstrip("0")
        match = Q(customer_name__icontains=q) | Q(customer_doc_number__startswith=q) | Q(notes__icontains=q)
        if digits.isdigit():
            match |= Q(number=int(digits))
        rows = rows.filter(match)
    return rows.order_by("-number")


def quoted_customers(*, company, limit: int = 300) -> list[tuple[int, str]]:
    """(id, name) of the customers that have quotations, for the list's customer filter."""
    rows = (Quotation.objects.for_company(company).values_list("customer_id", "customer_name")
            .order_by("customer_name", "customer_id").distinct())
    seen, result = set(), []
    for pk, name in rows[: limit * 3]:
        if pk not in seen:
            seen.add(pk)
            result.append((pk, name))
    return result[:limit]


def quotation_get(*, company, pk: int) -> Quotation:
    return Quotation.objects.for_company(company).select_related("seller", "customer", "company").get(pk=pk)


def quotation_for_document(*, document) -> QuotationDocument | None:
    """The quotation a sale document came from (the document page links back)."""
    return QuotationDocument.objects.filter(document=document, company_id=document.company_id) \
        .select_related("quotation").first()


@dataclass(frozen=True)
class Dashboard:
    awaiting: list
    awaiting_count: int
    month_sent: int
    month_converted: int
    unread: list

    @property
    def conversion_rate(self) -> Decimal | None:
        if not self.month_sent:
            return None
        return (Decimal(self.month_converted) * 100 / self.month_sent).quantize(Decimal("0.1"))


def dashboard(*, company, today: dt.date | None = None) -> Dashboard:
    """Quotations awaiting an answer, and this month's conversion rate: of the quotations dated this
    month that reached the customer, how many became (at least partly) a factura or boleta."""
    today = today or timezone.localdate()
    awaiting = Quotation.objects.for_company(company).filter(status__in=AWAITING, valid_until__gte=today)
    month = Quotation.objects.for_company(company).filter(issue_date__year=today.year, issue_date__month=today.month,
                                                          sent_at__isnull=False)
    return Dashboard(
        awaiting=list(awaiting.order_by("valid_until")[:5]), awaiting_count=awaiting.count(),
        month_sent=month.count(),
        month_converted=month.filter(status__in=[Status.INVOICED, Status.PARTLY_INVOICED]).count(),
        unread=list(Notification.objects.for_company(company).filter(read_at__isnull=True)
                    .select_related("quotation")[:5]),
    )
