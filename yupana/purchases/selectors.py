"""Read-only purchase queries: the list, one document, and accounts payable by supplier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import PaymentTerms, PurchaseDocument, PurchaseType, SupplierPayment

ZERO = Decimal("0")


def purchase_list(*, company, q: str = "", supplier_id: int | None = None):
    qs = PurchaseDocument.objects.for_company(company).select_related("supplier")
    if supplier_id:
        qs = qs.filter(supplier_id=supplier_id)
    for word in (q or "").lower().split():
        qs = qs.filter(supplier__search_text__contains=word) | qs.filter(series__iexact=word.split("-")[0])
    return qs


def purchase_get(*, company, pk: int) -> PurchaseDocument:
    return (PurchaseDocument.objects.for_company(company).select_related("supplier", "warehouse", "reference")
            .prefetch_related("lines__product", "payments").get(pk=pk))


def _open_documents(company):
    money = DecimalField(max_digits=14, decimal_places=2)
    paid = (SupplierPayment.objects.filter(document=OuterRef("pk")).values("document")
            .annotate(s=Sum("amount")).values("s"))
    credited = (PurchaseDocument.objects.filter(reference=OuterRef("pk"), doc_type=PurchaseType.CREDIT_NOTE)
                .values("reference").annotate(s=Sum("stated_total")).values("s"))
    return (PurchaseDocument.objects.for_company(company)
            .filter(payment_terms=PaymentTerms.CREDIT).exclude(doc_type=PurchaseType.CREDIT_NOTE)
            .annotate(paid=Coalesce(Subquery(paid, output_field=money), Value(ZERO), output_field=money),
                      credited=Coalesce(Subquery(credited, output_field=money), Value(ZERO), output_field=money))
            .select_related("supplier"))


@dataclass
class OpenDocument:
    document: PurchaseDocument
    balance: Decimal
    overdue: bool


@dataclass
class SupplierPayables:
    supplier_id: int
    name: str
    ruc: str
    currency: str
    documents: list[OpenDocument]
    balance: Decimal
    overdue: Decimal
    next_due: dt.date | None


def payables_by_supplier(*, company, today: dt.date, supplier_id: int | None = None) -> list[SupplierPayables]:
    """Open purchases on credit grouped by supplier and currency, oldest due first."""
    qs = _open_documents(company).order_by("due_date", "id")
    if supplier_id:
        qs = qs.filter(supplier_id=supplier_id)
    groups: dict[tuple[int, str], SupplierPayables] = {}
    for document in qs:
        balance = max(document.stated_total - document.paid - document.credited, ZERO)
        if balance <= 0:
            continue
        key = (document.supplier_id, document.currency)
        group = groups.get(key)
        if group is None:
            group = groups[key] = SupplierPayables(document.supplier_id, document.supplier.name, document.supplier.ruc,
                                                   document.currency, [], ZERO, ZERO, None)
        overdue = document.due_date is not None and document.due_date < today
        group.documents.append(OpenDocument(document, balance, overdue))
        group.balance += balance
        if overdue:
            group.overdue += balance
        elif group.next_due is None:
            group.next_due = document.due_date
    return sorted(groups.values(), key=lambda g: (g.name.lower(), g.currency))
