"""Read operations: lists with search, filters and sorting, and the quick search the sale form uses.

Search is a substring match on ``search_text`` (lower-case, accents removed), so "perez" finds
"Pérez" and a document number or product code typed in part is found too.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Customer, Product, Supplier, search_key

STATUS_FILTERS = {"active": {"is_active": True}, "inactive": {"is_active": False}, "all": {}}

CUSTOMER_SORTS = {"name": ("name", "id"), "-name": ("-name", "-id"),
                  "document": ("document_number", "id"), "-document": ("-document_number", "-id"),
                  "recent": ("-created_at", "-id")}
PRODUCT_SORTS = {"description": ("description", "id"), "-description": ("-description", "-id"),
                 "code": ("code", "id"), "-code": ("-code", "-id"),
                 "price": ("price", "id"), "-price": ("-price", "-id"), "recent": ("-created_at", "-id")}
SUPPLIER_SORTS = {"name": ("name", "id"), "-name": ("-name", "-id"), "ruc": ("ruc", "id"),
                  "-ruc": ("-ruc", "-id"), "recent": ("-created_at", "-id")}


def _search(qs: QuerySet, q: str) -> QuerySet:
    for word in search_key(q or "").split():
        qs = qs.filter(search_text__contains=word)
    return qs


def customer_list(*, company, q: str = "", status: str = "active", document_type: str = "",
                  credit: str = "", sort: str = "name") -> QuerySet[Customer]:
    qs = Customer.objects.for_company(company).filter(**STATUS_FILTERS.get(status, STATUS_FILTERS["active"]))
    if document_type:
        qs = qs.filter(document_type=document_type)
    if credit in ("yes", "no"):
        qs = qs.filter(credit_enabled=credit == "yes")
    return _search(qs, q).order_by(*CUSTOMER_SORTS.get(sort, CUSTOMER_SORTS["name"]))


def product_list(*, company, q: str = "", status: str = "active", unit_code: str = "", currency: str = "",
                 igv_affectation: str = "", kind: str = "", sort: str = "description") -> QuerySet[Product]:
    qs = Product.objects.for_company(company).filter(**STATUS_FILTERS.get(status, STATUS_FILTERS["active"]))
    if unit_code:
        qs = qs.filter(unit_code=unit_code)
    if currency:
        qs = qs.filter(currency=currency)
    if igv_affectation:
        qs = qs.filter(igv_affectation=igv_affectation)
    if kind == "service":
        qs = qs.filter(unit_code="ZZ")
    elif kind == "good":
        qs = qs.exclude(unit_code="ZZ")
    return _search(qs, q).order_by(*PRODUCT_SORTS.get(sort, PRODUCT_SORTS["description"]))


def supplier_list(*, company, q: str = "", status: str = "active", sort: str = "name") -> QuerySet[Supplier]:
    qs = Supplier.objects.for_company(company).filter(**STATUS_FILTERS.get(status, STATUS_FILTERS["active"]))
    return _search(qs, q).order_by(*SUPPLIER_SORTS.get(sort, SUPPLIER_SORTS["name"]))


def customer_search(*, company, q: str, limit: int = 10) -> list[Customer]:
    """Active customers for a picker: an exact document number first, then name matches."""
    q = (q or "").strip()
    if not q:
        return []
    base = Customer.objects.for_company(company).filter(is_active=True)
    exact = list(base.filter(document_number=q.replace(" ", ""))[:limit])
    rest = _search(base, q).exclude(pk__in=[c.pk for c in exact]).order_by("name", "id")[: limit - len(exact)]
    return exact + list(rest)


def product_search(*, company, q: str, limit: int = 10) -> list[Product]:
    """Active products for a picker: an exact code (a scanned barcode) first, then description matches."""
    q = (q or "").strip()
    if not q:
        return []
    base = Product.objects.for_company(company).filter(is_active=True)
    exact = list(base.filter(code=q)[:limit])
    rest = _search(base, q).exclude(pk__in=[p.pk for p in exact]).order_by("description", "id")[: limit - len(exact)]
    return exact + list(rest)


def supplier_search(*, company, q: str, limit: int = 10) -> list[Supplier]:
    q = (q or "").strip()
    if not q:
        return []
    base = Supplier.objects.for_company(company).filter(is_active=True)
    return list(_search(base, q).order_by("name", "id")[:limit])


def customer_get(*, company, pk) -> Customer:
    return Customer.objects.for_company(company).get(pk=pk)


def product_get(*, company, pk) -> Product:
    return Product.objects.for_company(company).get(pk=pk)


def supplier_get(*, company, pk) -> Supplier:
    return Supplier.objects.for_company(company).get(pk=pk)
