"""Stock checks and movements at sale time. Called inside the sale's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yupana.masterdata.models import Product

from .models import MovementKind, StockMovement
from .selectors import default_warehouse, stock_by_product


@dataclass(frozen=True)
class Shortage:
    """A product asked for beyond its stock."""

    product: Product
    requested: Decimal
    on_hand: Decimal

    @property
    def message(self) -> str:
        return (f"Stock insuficiente de «{self.product.description}»: se piden {self.requested:f} "
                f"y hay {self.on_hand:f}.")


def stock_check(*, company, items: list[tuple[Product, Decimal]]) -> list[Shortage]:
    """The shortages of products with stock control, locking their rows until the transaction ends.

    Lines of the same product add up. Products without stock control never fall short. On
    PostgreSQL the product rows are locked (two sales of the last unit wait for each other); on
    SQLite the sale's IMMEDIATE transaction already serialises writers.
    """
    wanted: dict[int, Decimal] = {}
    products: dict[int, Product] = {}
    for product, quantity in items:
        if product is None or not product.stock_control:
            continue
        wanted[product.pk] = wanted.get(product.pk, Decimal("0")) + quantity
        products[product.pk] = product
    if not wanted:
        return []
    list(Product.objects.select_for_update().filter(pk__in=wanted).order_by("pk").values_list("pk", flat=True))
    on_hand = stock_by_product(company=company, product_ids=wanted)
    return [Shortage(products[pk], qty, on_hand.get(pk, Decimal("0")))
            for pk, qty in wanted.items() if qty > on_hand.get(pk, Decimal("0"))]


def stock_movements_record(*, company, on: date, kind: str, items: list[tuple[Product, Decimal]], sign: int,
                           source_model: str, source_id: int, source_label: str) -> list[StockMovement]:
    """One movement per line of a product with stock, signed (``sign`` -1 out, +1 in)."""
    warehouse = default_warehouse(company=company)
    movements = [
        StockMovement(company=company, product=product, warehouse=warehouse, date=on, kind=kind,
                      quantity=sign * quantity, unit_cost=product.cost, source_model=source_model,
                      source_id=source_id, source_label=source_label)
        for product, quantity in items
        if product is not None and not product.is_service
    ]
    return StockMovement.objects.bulk_create(movements)


__all__ = ["MovementKind", "Shortage", "stock_check", "stock_movements_record", "stock_void_restore"]


def stock_void_restore(*, document) -> list[StockMovement]:
    """A voided sale gives back what it took: the opposite of each of its movements."""
    taken = StockMovement.objects.filter(company_id=document.company_id, source_model="sales.saledocument",
                                         source_id=document.pk).exclude(kind=MovementKind.SALE_VOID)
    if StockMovement.objects.filter(company_id=document.company_id, source_model="sales.saledocument",
                                    source_id=document.pk, kind=MovementKind.SALE_VOID).exists():
        return []
    reverse = [StockMovement(company_id=m.company_id, product_id=m.product_id, warehouse_id=m.warehouse_id,
                             date=m.date, kind=MovementKind.SALE_VOID, quantity=-m.quantity, unit_cost=m.unit_cost,
                             source_model=m.source_model, source_id=m.source_id, source_label=m.source_label)
               for m in taken]
    return StockMovement.objects.bulk_create(reverse)
