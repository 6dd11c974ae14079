"""Customers, products and suppliers: list/search, read, create, update through master data's services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Query, Router, Schema
from ninja.responses import Status as Reply
from pydantic import Field

from yupana.masterdata.listing import CUSTOMERS, PRODUCTS, SUPPLIERS, Kind

from .auth import require_issue
from .errors import ApiError, not_found
from .schemas import (CustomerIn, CustomerPage, CustomerPatch, CustomerRecord, ErrorOut, ProductIn, ProductPage,
                      ProductPatch, ProductRecord, SupplierIn, SupplierPage, SupplierPatch, SupplierRecord)

router = Router(tags=["Datos maestros"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class ListFilters(Schema):
    q: str = Field("", max_length=100, description="texto a buscar (nombre, documento, código)")
    status: str = Field("active", pattern="^(active|inactive|all)$")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


def _refused(exc: DjangoValidationError) -> ApiError:
    if hasattr(exc, "message_dict"):
        items = [{"field": f if f != "__all__" else "", "message": m} for f, ms in exc.message_dict.items() for m in ms]
    else:
        items = [{"field": "", "message": m} for m in exc.messages]
    first = items[0]
    return ApiError(422, f"{first['field']}: {first['message']}" if first["field"] else first["message"],
                    first["field"], items)


def _page(kind: Kind, company, filters: ListFilters, fields) -> dict:
    rows = kind.list_selector(company=company, q=filters.q, status=filters.status)
    page = rows[filters.offset:filters.offset + filters.limit]
    return {"count": rows.count(), "results": [{f: getattr(r, f) for f in fields} for r in page]}


def _save(fn, **kwargs):
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise _refused(exc) from None


def _create(kind: Kind, request, payload):
    p = require_issue(request)
    return _save(kind.create, company=p.company, user=p.user, **payload.model_dump())


def _one(kind: Kind, company, pk):
    found = kind.model.objects.for_company(company).filter(pk=pk).first()
    if found is None:
        raise not_found(f"El {kind.singular}")
    return found


def _update(kind: Kind, request, pk, patch):
    """The web screens' services (the same ``Kind``): fields first, then activation when asked."""
    p = require_issue(request)
    instance = _one(kind, p.company, pk)
    data = patch.model_dump(exclude_unset=True, exclude_none=True)
    active = data.pop("is_active", None)
    if data:
        instance = _save(kind.update, **{kind.arg: instance, "user": p.user}, **data)
    if active is not None and active != instance.is_active:
        instance = (kind.activate if active else kind.deactivate)(**{kind.arg: instance, "user": p.user})
    return instance


CUSTOMER = list(CustomerRecord.model_fields)
PRODUCT = list(ProductRecord.model_fields)
SUPPLIER = list(SupplierRecord.model_fields)


@router.get("/customers", response={200: CustomerPage, **ERRORS}, summary="Listar o buscar clientes",
            operation_id="customer_list")
def customer_list(request, filters: Query[ListFilters]):
    return Reply(200, _page(CUSTOMERS, request.auth.company, filters, CUSTOMER))


@router.post("/customers", response={201: CustomerRecord, **ERRORS}, summary="Crear un cliente",
             operation_id="customer_create")
def customer_create(request, payload: CustomerIn):
    return Reply(201, _create(CUSTOMERS, request, payload))


@router.get("/customers/{customer_id}", response={200: CustomerRecord, **ERRORS}, operation_id="customer_get")
def customer_get(request, customer_id: int):
    return Reply(200, _one(CUSTOMERS, request.auth.company, customer_id))


@router.patch("/customers/{customer_id}", response={200: CustomerRecord, **ERRORS}, summary="Modificar un cliente",
              operation_id="customer_update")
def customer_update(request, customer_id: int, payload: CustomerPatch):
    return Reply(200, _update(CUSTOMERS, request, customer_id, payload))


@router.get("/products", response={200: ProductPage, **ERRORS}, summary="Listar o buscar productos",
            operation_id="product_list")
def product_list(request, filters: Query[ListFilters]):
    return Reply(200, _page(PRODUCTS, request.auth.company, filters, PRODUCT))


@router.post("/products", response={201: ProductRecord, **ERRORS}, summary="Crear un producto",
             operation_id="product_create")
def product_create(request, payload: ProductIn):
    return Reply(201, _create(PRODUCTS, request, payload))


@router.get("/products/{product_id}", response={200: ProductRecord, **ERRORS}, operation_id="product_get")
def product_get(request, product_id: int):
    return Reply(200, _one(PRODUCTS, request.auth.company, product_id))


@router.patch("/products/{product_id}", response={200: ProductRecord, **ERRORS}, summary="Modificar un producto",
              operation_id="product_update")
def product_update(request, product_id: int, payload: ProductPatch):
    return Reply(200, _update(PRODUCTS, request, product_id, payload))


@router.get("/suppliers", response={200: SupplierPage, **ERRORS}, summary="Listar o buscar proveedores",
            operation_id="supplier_list")
def supplier_list(request, filters: Query[ListFilters]):
    return Reply(200, _page(SUPPLIERS, request.auth.company, filters, SUPPLIER))


@router.post("/suppliers", response={201: SupplierRecord, **ERRORS}, summary="Crear un proveedor",
             operation_id="supplier_create")
def supplier_create(request, payload: SupplierIn):
    return Reply(201, _create(SUPPLIERS, request, payload))


@router.get("/suppliers/{supplier_id}", response={200: SupplierRecord, **ERRORS}, operation_id="supplier_get")
def supplier_get(request, supplier_id: int):
    return Reply(200, _one(SUPPLIERS, request.auth.company, supplier_id))


@router.patch("/suppliers/{supplier_id}", response={200: SupplierRecord, **ERRORS}, summary="Modificar un proveedor",
              operation_id="supplier_update")
def supplier_update(request, supplier_id: int, payload: SupplierPatch):
    return Reply(200, _update(SUPPLIERS, request, supplier_id, payload))
