"""Read-only queries of sale documents for the screens."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from yupana.companies.models import Series

from .models import SaleDocument


def document_list(*, company, q: str = "", doc_type: str = "", status: str = "") -> QuerySet[SaleDocument]:
    rows = SaleDocument.objects.for_company(company).select_related("electronic")
    if doc_type:
        rows = rows.filter(doc_type=doc_type)
    if status:
        rows = rows.filter(electronic__status=status)
    q = (q or "").strip()
    if q:
        if "-" in q and q.split("-", 1)[1].isdigit():
            code, number = q.upper().split("-", 1)
            rows = rows.filter(series_code=code, number=int(number))
        else:
            rows = rows.filter(Q(customer_name__icontains=q) | Q(customer_doc_number__startswith=q)
                               | Q(series_code__iexact=q))
    return rows.order_by("-issue_date", "-id")


def document_get(*, company, pk) -> SaleDocument:
    return (SaleDocument.objects.for_company(company)
            .select_related("electronic", "reference", "customer").get(pk=pk))


def document_timeline(document: SaleDocument):
    """The document's events with who did each (one query, whatever the number of events)."""
    return document.events.select_related("user")


def series_for(*, company, doc_types) -> list[Series]:
    return list(Series.objects.for_company(company).filter(document_type__in=list(doc_types), is_active=True)
                .order_by("document_type", "code"))
