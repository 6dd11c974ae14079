"""Read-only stock queries: stock on hand (valued), low-stock alerts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from .models import StockBalance, StockMinimum, Warehouse

ZERO = Decimal("0")


def default_warehouse(*, company) -> Warehouse:
    """The company's default warehouse, created the first time it is needed."""
    warehouse = Warehouse.objects.for_company(company).filter(is_default=True).first()
    if warehouse is None:
        warehouse, _ = Warehouse.objects.get_or_create(company=company, is_default=True,
                                                       defaults={"name": "Almacén principal"})
    return warehouse


def warehouse_list(*, company, active_only: bool = True):
    default_warehouse(company=company)
    qs = Warehouse.objects.for_company(company)
    return qs.filter(is_active=True) if active_only else qs


def stock_on_hand(*, company, product, warehouse: Warehouse | None = None) -> Decimal:
    """Units of ``product`` on hand (in one warehouse, or all)."""
    balances = StockBalance.objects.filter(company=company, product=product)
    if warehouse is not None:
        balances = balances.filter(warehouse=warehouse)
    return balances.aggregate(total=Sum("quantity"))["total"] or Decimal("0")


def stock_by_product(*, company, product_ids) -> dict[int, Decimal]:
    """``{product_id: on hand}`` for several products in one query."""
    rows = (StockBalance.objects.filter(company=company, product_id__in=list(product_ids))
            .values("product_id").annotate(total=Sum("quantity")).order_by())
    return {row["product_id"]: row["total"] or Decimal("0") for row in rows}


@dataclass(slots=True)
class StockRow:  # not frozen: frozen dataclasses set each field through object.__setattr__, slow on 20,000 rows
    product_id: int
    code: str
    description: str
    unit_code: str
    warehouse_id: int | None
    warehouse: str
    quantity: Decimal
    value: Decimal

    @property
    def average_cost(self) -> Decimal:
        if self.quantity > 0:
            return (self.value / self.quantity).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        return ZERO

    @property
    def negative(self) -> bool:
        return self.quantity < 0


@dataclass(frozen=True)
class StockReport:
    rows: list[StockRow]
    total_value: Decimal
    negatives: int


def stock_report(*, company, warehouse: Warehouse | None = None, q: str = "", by_warehouse: bool = True,
                 include_zero: bool = False) -> StockReport:
    """Stock on hand valued, one row per product (and warehouse): one read of the balances.

    Negative stock (sales of products without control) is kept and counted so the report flags it.
    """
    balances = StockBalance.objects.filter(company=company)
    if warehouse is not None:
        balances = balances.filter(warehouse=warehouse)
    if q:
        for word in q.lower().split():
            balances = balances.filter(product__search_text__contains=word)
    if not include_zero:
        balances = balances.exclude(quantity=0, value=0)
    fields = ("product_id", "product__code", "product__description", "product__unit_code")
    if by_warehouse:
        names = dict(Warehouse.objects.filter(company=company).values_list("pk", "name"))
        rows = [StockRow(pk, code, description, unit, warehouse_id, names.get(warehouse_id, ""), quantity, value)
                for pk, code, description, unit, warehouse_id, quantity, value
                in balances.order_by("product__description", "product_id", "warehouse_id")
                .values_list(*fields, "warehouse_id", "quantity", "value")]
    else:
        rows = [StockRow(pk, code, description, unit, None, "Todos", quantity or ZERO, value or ZERO)
                for pk, code, description, unit, quantity, value
                in balances.values(*fields).annotate(q=Sum("quantity"), v=Sum("value")).values_list(
                    *fields, "q", "v").order_by("product__description", "product_id")]
    return StockReport(rows, sum((r.value for r in rows), ZERO), sum(1 for r in rows if r.negative))


@dataclass(frozen=True)
class LowStock:
    product_id: int
    code: str
    description: str
    on_hand: Decimal
    minimum: Decimal


def low_stock(*, company, limit: int = 50) -> list[LowStock]:
    """Products under their minimum (all warehouses), the furthest below first."""
    minimums = list(StockMinimum.objects.filter(company=company, product__is_active=True)
                    .values_list("product_id", "product__code", "product__description", "minimum"))
    on_hand = stock_by_product(company=company, product_ids=[m[0] for m in minimums])
    rows = [LowStock(pk, code, description, on_hand.get(pk, ZERO), minimum)
            for pk, code, description, minimum in minimums if on_hand.get(pk, ZERO) < minimum]
    rows.sort(key=lambda r: (r.on_hand - r.minimum, r.description))
    return rows[:limit]
