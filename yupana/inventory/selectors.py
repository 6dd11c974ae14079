"""Read-only stock queries."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from .models import StockMovement, Warehouse


def default_warehouse(*, company) -> Warehouse:
    """The company's default warehouse, created the first time it is needed."""
    warehouse = Warehouse.objects.for_company(company).filter(is_default=True).first()
    if warehouse is None:
        warehouse, _ = Warehouse.objects.get_or_create(company=company, is_default=True,
                                                       defaults={"name": "Almacén principal"})
    return warehouse


def stock_on_hand(*, company, product, warehouse: Warehouse | None = None) -> Decimal:
    """Units of ``product`` on hand: the sum of its movements (in one warehouse, or all)."""
    movements = StockMovement.objects.for_company(company).filter(product=product)
    if warehouse is not None:
        movements = movements.filter(warehouse=warehouse)
    return movements.aggregate(total=Sum("quantity"))["total"] or Decimal("0")


def stock_by_product(*, company, product_ids) -> dict[int, Decimal]:
    """``{product_id: on hand}`` for several products in one query."""
    rows = (StockMovement.objects.for_company(company).filter(product_id__in=list(product_ids))
            .values("product_id").annotate(total=Sum("quantity")))
    return {row["product_id"]: row["total"] or Decimal("0") for row in rows}
