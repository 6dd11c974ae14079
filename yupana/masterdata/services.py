"""Write operations on customers, products and suppliers.

Every service is keyword-only, validates with full_clean() (so forms, imports and the API get the same
Spanish messages), checks the plan's Premium features and writes an audit trail entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from yupana.audit.services import audit_record

from . import protection
from .models import Customer, MasterRecord, Product, Supplier

CUSTOMER_FIELDS = ("document_type", "document_number", "name", "address", "emails", "phone",
                   "credit_enabled", "credit_limit", "credit_days", "is_active")
PRODUCT_FIELDS = ("code", "description", "unit_code", "price", "price_includes_igv", "currency",
                  "igv_affectation", "icbper", "stock_control", "cost", "sunat_code", "is_active")
SUPPLIER_FIELDS = ("ruc", "name", "address", "contact", "email", "phone", "is_active")

CREDIT_PREMIUM = "El crédito a clientes es una función del plan Premium."
STOCK_PREMIUM = "El control de stock es una función del plan Premium."


def plan_allows(company, feature: str) -> bool:
    """feature is "credit_control" or "stock_control", flags of the company's plan."""
    plan = getattr(company, "plan", None)
    return bool(getattr(plan, feature, False))


def check_plan(instance: MasterRecord) -> None:
    """Premium-only fields may keep their default but cannot be switched on without the plan."""
    company = instance.company
    if isinstance(instance, Customer) and not plan_allows(company, "credit_control"):
        if instance.credit_enabled or instance.credit_limit or instance.credit_days:
            raise ValidationError({"credit_enabled": CREDIT_PREMIUM})
    if isinstance(instance, Product) and instance.stock_control and not plan_allows(company, "stock_control"):
        raise ValidationError({"stock_control": STOCK_PREMIUM})


def _diff(before: dict, instance, fields) -> dict:
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def _save(instance: MasterRecord) -> None:
    check_plan(instance)
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:  # a concurrent request saved the same document/code in between
        instance.full_clean()
        raise


def _create(model, fields, *, company, user, data: dict) -> MasterRecord:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields for {model.__name__}: {sorted(unknown)}")
    instance = model(company=company, **data)
    with transaction.atomic():
        _save(instance)
        audit_record(company=company, user=user, action="crear", instance=instance,
                     changes={name: [None, _plain(getattr(instance, name))] for name in fields})
    return instance


def _update(instance: MasterRecord, fields, *, user, data: dict) -> MasterRecord:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields for {type(instance).__name__}: {sorted(unknown)}")
    before = {name: getattr(instance, name) for name in fields}
    for name, value in data.items():
        setattr(instance, name, value)
    with transaction.atomic():
        _save(instance)
        changes = _diff(before, instance, fields)
        if changes:
            audit_record(company=instance.company, user=user, action="editar", instance=instance, changes=changes)
    return instance


def _set_active(instance: MasterRecord, active: bool, *, user) -> MasterRecord:
    if instance.is_active == active:
        return instance
    with transaction.atomic():
        instance.is_active = active
        instance.save(update_fields=["is_active", "updated_at", "search_text"])
        audit_record(company=instance.company, user=user, action="activar" if active else "desactivar",
                     instance=instance, changes={"is_active": [not active, active]})
    return instance


@dataclass(frozen=True)
class DeleteOutcome:
    deleted: bool
    message: str


def _delete(instance: MasterRecord, *, user) -> DeleteOutcome:
    """Delete, or deactivate when any document uses the record (it must stay for the document's sake)."""
    label = instance._meta.verbose_name
    article = "El"  # cliente, producto, proveedor: all masculine
    name = str(instance)
    usages = protection.registered_usages(instance)
    if not usages:
        try:
            with transaction.atomic():
                audit_record(company=instance.company, user=user, action="eliminar", instance=instance,
                             changes={"name": [name, None]})
                instance.delete()
            return DeleteOutcome(True, f"{article} {label} «{name}» se eliminó.")
        except (ProtectedError, RestrictedError) as exc:
            usages = protection.describe_protected(exc.args[1])
    _set_active(instance, False, user=user)
    return DeleteOutcome(False, f"{article} {label} «{name}» no se puede eliminar porque está usado en "
                                f"{', '.join(usages)}. Se desactivó: ya no aparecerá para nuevas operaciones, "
                                "pero sus documentos lo conservan.")


# Customers ---------------------------------------------------------------------------------------

def customer_create(*, company, user, document_type: str, document_number: str = "", name: str,
                    address: str = "", emails: str = "", phone: str = "", credit_enabled: bool = False,
                    credit_limit: Decimal = Decimal("0"), credit_days: int = 0,
                    is_active: bool = True) -> Customer:
    data = {k: v for k, v in locals().items() if k in CUSTOMER_FIELDS}
    return _create(Customer, CUSTOMER_FIELDS, company=company, user=user, data=data)


def customer_update(*, customer: Customer, user, **data) -> Customer:
    return _update(customer, CUSTOMER_FIELDS, user=user, data=data)


def customer_deactivate(*, customer: Customer, user) -> Customer:
    return _set_active(customer, False, user=user)


def customer_activate(*, customer: Customer, user) -> Customer:
    return _set_active(customer, True, user=user)


def customer_delete(*, customer: Customer, user) -> DeleteOutcome:
    return _delete(customer, user=user)


# Products ----------------------------------------------------------------------------------------

def product_create(*, company, user, code: str, description: str, price: Decimal, unit_code: str = "NIU",
                   price_includes_igv: bool = True, currency: str = "PEN", igv_affectation: str = "10",
                   icbper: bool = False, stock_control: bool = False, cost: Decimal = Decimal("0"),
                   sunat_code: str = "", is_active: bool = True) -> Product:
    data = {k: v for k, v in locals().items() if k in PRODUCT_FIELDS}
    return _create(Product, PRODUCT_FIELDS, company=company, user=user, data=data)


def product_update(*, product: Product, user, **data) -> Product:
    return _update(product, PRODUCT_FIELDS, user=user, data=data)


def product_deactivate(*, product: Product, user) -> Product:
    return _set_active(product, False, user=user)


def product_activate(*, product: Product, user) -> Product:
    return _set_active(product, True, user=user)


def product_delete(*, product: Product, user) -> DeleteOutcome:
    return _delete(product, user=user)


# Suppliers ---------------------------------------------------------------------------------------

def supplier_create(*, company, user, ruc: str, name: str, address: str = "", contact: str = "",
                    email: str = "", phone: str = "", is_active: bool = True) -> Supplier:
    data = {k: v for k, v in locals().items() if k in SUPPLIER_FIELDS}
    return _create(Supplier, SUPPLIER_FIELDS, company=company, user=user, data=data)


def supplier_update(*, supplier: Supplier, user, **data) -> Supplier:
    return _update(supplier, SUPPLIER_FIELDS, user=user, data=data)


def supplier_deactivate(*, supplier: Supplier, user) -> Supplier:
    return _set_active(supplier, False, user=user)


def supplier_activate(*, supplier: Supplier, user) -> Supplier:
    return _set_active(supplier, True, user=user)


def supplier_delete(*, supplier: Supplier, user) -> DeleteOutcome:
    return _delete(supplier, user=user)
