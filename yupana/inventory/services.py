"""Stock movements: posting (valued at weighted average), reversal, and the stock rule at sale time.

Every write goes through ``movement_post`` so one place values movements. Callers run inside a
transaction; the product's row is locked while it is valued, so two exits of the same product never
read the same average (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery, Sum

from yupana.masterdata.models import Product

from .models import COST_PLACES, QUANTITY_PLACES, MovementKind, StockBalance, StockMovement, Warehouse
from .selectors import default_warehouse

ZERO = Decimal("0")
CENT = Decimal("0.01")
COST_STEP = Decimal(1).scaleb(-COST_PLACES)


class InventoryError(ValueError):
    """Bad input for a stock operation; ``message`` is Spanish and names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _cost(value: Decimal) -> Decimal:
    return value.quantize(COST_STEP, ROUND_HALF_UP)


def check_quantity(value, field: str = "cantidad", *, allow_negative: bool = False) -> Decimal:
    """A quantity as Decimal: not zero, positive unless allowed, at most 4 decimals."""
    try:
        quantity = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except Exception:
        raise InventoryError(field, f"La cantidad «{value}» no es un número.") from None
    if not quantity.is_finite():
        raise InventoryError(field, f"La cantidad «{value}» no es un número.")
    if quantity == 0 or (quantity < 0 and not allow_negative):
        raise InventoryError(field, "La cantidad debe ser mayor que cero.")
    if -quantity.as_tuple().exponent > QUANTITY_PLACES:
        raise InventoryError(field, f"La cantidad admite como máximo {QUANTITY_PLACES} decimales.")
    return quantity


def check_cost(value, field: str = "costo unitario") -> Decimal:
    """A unit cost as Decimal: zero or more, at most 4 decimals."""
    try:
        cost = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except Exception:
        raise InventoryError(field, f"El costo «{value}» no es un número.") from None
    if not cost.is_finite() or cost < 0:
        raise InventoryError(field, "El costo unitario no puede ser negativo.")
    if -cost.as_tuple().exponent > COST_PLACES:
        raise InventoryError(field, f"El costo unitario admite como máximo {COST_PLACES} decimales.")
    return cost


def balance(*, product, warehouse) -> tuple[Decimal, Decimal]:
    """(units, value) of one product in one warehouse (its running balance row)."""
    row = StockBalance.objects.filter(product=product, warehouse=warehouse).values_list("quantity", "value").first()
    return row if row is not None else (ZERO, ZERO)


def _record(**fields) -> StockMovement:
    """The one way a movement is written: the row, and its balance moved by the same amounts."""
    movement = StockMovement.objects.create(**fields)
    moved = StockBalance.objects.filter(product_id=movement.product_id, warehouse_id=movement.warehouse_id).update(
        quantity=F("quantity") + movement.quantity, value=F("value") + movement.value)
    if not moved:
        StockBalance.objects.create(company_id=movement.company_id, product_id=movement.product_id,
                                    warehouse_id=movement.warehouse_id, quantity=movement.quantity,
                                    value=movement.value)
    return movement


def balances_rebuild(*, company) -> int:
    """Recompute a company's balances from its ledger (after bulk loads); returns the rows written."""
    with transaction.atomic():
        StockBalance.objects.filter(company=company).delete()
        rows = (StockMovement.objects.filter(company=company).values("product_id", "warehouse_id")
                .annotate(q=Sum("quantity"), v=Sum("value")).order_by())
        return len(StockBalance.objects.bulk_create(
            [StockBalance(company=company, product_id=r["product_id"], warehouse_id=r["warehouse_id"],
                          quantity=r["q"], value=r["v"]) for r in rows], batch_size=2000))


def balances_verify(*, company) -> list[str]:
    """Differences between the balances and the ledger's sums (empty when they agree)."""
    ledger = {(r["product_id"], r["warehouse_id"]): (r["q"], r["v"]) for r in
              StockMovement.objects.filter(company=company).values("product_id", "warehouse_id")
              .annotate(q=Sum("quantity"), v=Sum("value")).order_by()}
    stored = {(b.product_id, b.warehouse_id): (b.quantity, b.value) for b in StockBalance.objects.filter(company=company)}
    return [f"producto {key[0]} almacén {key[1]}: saldo {stored.get(key)} ≠ kardex {ledger.get(key)}"
            for key in ledger.keys() | stored.keys()
            if tuple(stored.get(key, (ZERO, ZERO))) != tuple(ledger.get(key, (ZERO, ZERO)))]


def average_cost(*, product, warehouse) -> Decimal:
    """The weighted average cost now; with no stock, the product's cost (the last one paid)."""
    quantity, value = balance(product=product, warehouse=warehouse)
    if quantity > 0 and value >= 0:
        return _cost(value / quantity)
    return product.cost or ZERO


def _valued(quantity: Decimal, unit_cost: Decimal | None, on_hand: Decimal, on_hand_value: Decimal,
            fallback_cost: Decimal) -> tuple[Decimal, Decimal]:
    """(unit cost, value) of a movement of ``quantity`` against the balance ``on_hand``/``on_hand_value``.

    Entries go in at ``unit_cost`` (or the average when None), exits at the average; an exit that
    empties the stock takes its whole value (no cents left behind). With no stock to average, the
    product's cost (``fallback_cost``, the last one paid) is used.
    """
    average = _cost(on_hand_value / on_hand) if on_hand > 0 and on_hand_value >= 0 else fallback_cost
    if quantity > 0 and unit_cost is not None:
        cost = _cost(unit_cost)
        return cost, _money(quantity * cost)
    if quantity < 0 and on_hand > 0 and -quantity == on_hand and on_hand_value >= 0:
        return average, -on_hand_value
    return average, _money(quantity * average)


def movement_post(*, company, product, warehouse: Warehouse, on: date, kind: str, quantity: Decimal,
                  unit_cost: Decimal | None = None, source_model: str = "", source_id: int | None = None,
                  source_label: str = "", reason: str = "", notes: str = "", user=None,
                  update_cost: bool = False) -> StockMovement:
    """Post one movement, valued: entries at ``unit_cost`` (or the average when None), exits at the average.

    ``update_cost`` records an entry's cost as the product's last cost (purchases), used when stock is empty.
    """
    if warehouse.company_id != company.pk or product.company_id != company.pk:
        raise InventoryError("almacén", "El almacén o el producto no pertenecen a la empresa.")
    Product.objects.select_for_update().filter(pk=product.pk).values_list("pk", flat=True).first()
    on_hand, on_hand_value = balance(product=product, warehouse=warehouse)
    cost, value = _valued(quantity, unit_cost, on_hand, on_hand_value, product.cost or ZERO)
    movement = _record(
        company=company, product=product, warehouse=warehouse, date=on, kind=kind, quantity=quantity,
        unit_cost=cost, value=value, source_model=source_model, source_id=source_id,
        source_label=source_label[:40], reason=reason, notes=notes[:200], created_by=user)
    if update_cost and quantity > 0 and unit_cost is not None and product.cost != cost:
        Product.objects.filter(pk=product.pk).update(cost=cost)
        product.cost = cost
    return movement


def movements_post_at_average(*, company, warehouse: Warehouse, on: date, kind: str,
                              items: list[tuple[Product, Decimal]], source_model: str, source_id: int,
                              source_label: str, user=None) -> list[StockMovement]:
    """Post a document's movements at the weighted average in a handful of statements, whatever
    its number of lines: lock the products, read their balances, insert every movement, then move
    each balance once. Lines of the same product are valued one after the other, as
    ``movement_post`` would value them."""
    if not items:
        return []
    if warehouse.company_id != company.pk or any(p.company_id != company.pk for p, _ in items):
        raise InventoryError("almacén", "El almacén o el producto no pertenecen a la empresa.")
    ids = sorted({product.pk for product, _ in items})
    balances = StockBalance.objects.filter(product_id=OuterRef("pk"), warehouse=warehouse)
    rows = (Product.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
            .annotate(on_hand=Subquery(balances.values("quantity")[:1]), on_hand_value=Subquery(balances.values("value")[:1]))
            .values_list("pk", "on_hand", "on_hand_value"))
    found = {pk: (q, v) for pk, q, v in rows if q is not None}  # products locked and balances read in one query
    running = dict(found)
    movements = []
    for product, quantity in items:
        on_hand, on_hand_value = running.get(product.pk, (ZERO, ZERO))
        cost, value = _valued(quantity, None, on_hand, on_hand_value, product.cost or ZERO)
        movements.append(StockMovement(
            company=company, product=product, warehouse=warehouse, date=on, kind=kind, quantity=quantity,
            unit_cost=cost, value=value, source_model=source_model, source_id=source_id,
            source_label=source_label[:40], created_by=user))
        running[product.pk] = (on_hand + quantity, on_hand_value + value)
    StockMovement.objects.bulk_create(movements)
    moved = {pk: (running[pk][0] - found[pk][0], running[pk][1] - found[pk][1]) for pk in ids if pk in found}
    _balances_move(warehouse, moved)
    StockBalance.objects.bulk_create([
        StockBalance(company=company, product_id=pk, warehouse=warehouse, quantity=running[pk][0],
                     value=running[pk][1]) for pk in ids if pk not in found])
    return movements


def _balances_move(warehouse: Warehouse, moved: dict[int, tuple[Decimal, Decimal]]) -> None:
    """Add (units, value) to several balance rows of one warehouse in one UPDATE."""
    if not moved:
        return
    table = connection.ops.quote_name(StockBalance._meta.db_table)
    cases, params_q, params_v = "", [], []
    for pk, (quantity, value) in moved.items():
        cases += " WHEN %s THEN %s"
        params_q += [pk, quantity]
        params_v += [pk, value]
    marks = ", ".join(["%s"] * len(moved))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET quantity = quantity + (CASE product_id{cases} END), "
            f"value = value + (CASE product_id{cases} END) WHERE warehouse_id = %s AND product_id IN ({marks})",
            [*params_q, *params_v, warehouse.pk, *moved])


def movement_reverse(*, company, movement: StockMovement, user=None, on: date | None = None,
                     kind: str | None = None) -> StockMovement:
    """Undo a movement with its exact opposite (same units, same value). A movement is reversed once."""
    with transaction.atomic():
        original = (StockMovement.objects.select_for_update().filter(company=company, pk=movement.pk).first())
        if original is None:
            raise InventoryError("movimiento", "El movimiento no existe.")
        if original.reverses_id or StockMovement.objects.filter(reverses=original).exists():
            raise InventoryError("movimiento", "Este movimiento ya fue revertido o es una reversión.")
        Product.objects.select_for_update().filter(pk=original.product_id).values_list("pk", flat=True).first()
        return _record(
            company=company, product_id=original.product_id, warehouse_id=original.warehouse_id,
            date=on or original.date, kind=kind or original.kind, quantity=-original.quantity,
            unit_cost=original.unit_cost, value=-original.value, source_model=original.source_model,
            source_id=original.source_id, source_label=original.source_label, reason=original.reason,
            notes=f"Reversión del movimiento {original.pk}", reverses=original, created_by=user)


# --- the sale-time API (yupana/sales calls these names) ----------------------------------------

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


def stock_check(*, company, items: list[tuple[Product, Decimal]], warehouse: Warehouse | None = None) -> list[Shortage]:
    """The shortages of products with stock control, locking their rows until the transaction ends.

    Stock is counted in the warehouse the sale takes it from (the default one unless given): units in
    another warehouse cannot be sold from this one. Lines of the same product add up. Products without
    stock control never fall short. On PostgreSQL the product rows are locked (two sales of the last
    unit wait for each other); on SQLite the sale's IMMEDIATE transaction already serialises writers.
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
    warehouse = warehouse or default_warehouse(company=company)
    on_hand = dict(StockBalance.objects.filter(company=company, warehouse=warehouse, product_id__in=list(wanted))
                   .values_list("product_id", "quantity"))
    return [Shortage(products[pk], qty, on_hand.get(pk, Decimal("0")))
            for pk, qty in wanted.items() if qty > on_hand.get(pk, Decimal("0"))]


def stock_movements_record(*, company, on: date, kind: str, items: list[tuple[Product, Decimal]], sign: int,
                           source_model: str, source_id: int, source_label: str,
                           warehouse: Warehouse | None = None) -> list[StockMovement]:
    """One valued movement per line of a product with stock, signed (``sign`` -1 out, +1 in).

    Sales go out at the weighted average; returns come back at the average too.
    """
    warehouse = warehouse or default_warehouse(company=company)
    items = [(product, sign * quantity) for product, quantity in items if product is not None and not product.is_service]
    return movements_post_at_average(company=company, warehouse=warehouse, on=on, kind=kind, items=items,
                                     source_model=source_model, source_id=source_id, source_label=source_label)


def stock_void_restore(*, document) -> list[StockMovement]:
    """A voided sale gives back what it took: the exact opposite of each of its movements."""
    taken = StockMovement.objects.filter(company_id=document.company_id, source_model="sales.saledocument",
                                         source_id=document.pk, reverses__isnull=True,
                                         reversed_by__isnull=True).exclude(kind=MovementKind.SALE_VOID)
    if StockMovement.objects.filter(company_id=document.company_id, source_model="sales.saledocument",
                                    source_id=document.pk, kind=MovementKind.SALE_VOID).exists():
        return []
    return [movement_reverse(company=document.company, movement=m, kind=MovementKind.SALE_VOID) for m in taken]


__all__ = ["InventoryError", "MovementKind", "Shortage", "average_cost", "balance", "balances_rebuild",
           "balances_verify", "movement_post", "movements_post_at_average",
           "movement_reverse", "stock_check", "stock_movements_record", "stock_void_restore"]
