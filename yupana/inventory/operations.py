"""Stock operations a user performs: initial inventory (also from a spreadsheet), adjustments with a
reason, transfers between warehouses and a physical count that proposes the adjustments.

Each operation is all-or-nothing (one transaction) and is labelled so the kardex names it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from yupana.audit.services import audit_record
from yupana.masterdata.models import Product

from .models import AdjustmentReason, MovementKind, StockMovement, Warehouse
from .services import InventoryError, balance, check_cost, check_quantity, movement_post

ZERO = Decimal("0")


@dataclass(frozen=True)
class Item:
    """One line of an operation: a product, a quantity and, for entries, a unit cost."""

    product: Product
    quantity: Decimal
    unit_cost: Decimal | None = None


def _check_warehouse(company, warehouse: Warehouse, field: str = "almacén") -> None:
    if warehouse is None or warehouse.company_id != company.pk:
        raise InventoryError(field, "Elija un almacén de la empresa.")
    if not warehouse.is_active:
        raise InventoryError(field, f"El almacén «{warehouse.name}» está inactivo.")


def _check_items(company, items: list[Item], *, allow_negative=False, need_cost=False) -> None:
    if not items:
        raise InventoryError("líneas", "Agregue al menos un producto.")
    for index, item in enumerate(items, start=1):
        where = f"línea {index}"
        if item.product is None or item.product.company_id != company.pk:
            raise InventoryError(where, "Elija un producto de la empresa.")
        if item.product.is_service:
            raise InventoryError(where, f"«{item.product.description}» es un servicio: no tiene stock.")
        try:
            check_quantity(item.quantity, allow_negative=allow_negative)
            if item.unit_cost is not None:
                check_cost(item.unit_cost)
            elif need_cost:
                raise InventoryError("costo unitario", "Indique el costo unitario.")
        except InventoryError as exc:
            raise InventoryError(f"{where}, {exc.field}", exc.message) from None


def _check_available(warehouse: Warehouse, items: list[Item]) -> None:
    """Exits of products with stock control cannot take more than the warehouse holds (call it locked)."""
    wanted: dict[int, Decimal] = {}
    for item in items:
        if item.quantity < 0:
            wanted[item.product.pk] = wanted.get(item.product.pk, ZERO) + abs(item.quantity)
    for item in items:
        if not item.product.stock_control or item.product.pk not in wanted:
            continue
        Product.objects.select_for_update().filter(pk=item.product.pk).values_list("pk", flat=True).first()
        on_hand, _ = balance(product=item.product, warehouse=warehouse)
        if wanted[item.product.pk] > on_hand:
            raise InventoryError("cantidad", f"No hay stock suficiente de «{item.product.description}» en "
                                             f"{warehouse.name}: hay {on_hand:f}.")


def _label(prefix: str, on: dt.date) -> str:
    return f"{prefix} {on:%d/%m/%Y}"


def opening_record(*, company, warehouse: Warehouse, on: dt.date, items: list[Item], user=None,
                   label: str = "") -> list[StockMovement]:
    """Initial stock: units in at their stated cost (which becomes the product's cost)."""
    _check_warehouse(company, warehouse)
    _check_items(company, items, need_cost=True)
    with transaction.atomic():
        movements = [movement_post(company=company, product=i.product, warehouse=warehouse, on=on,
                                   kind=MovementKind.OPENING, quantity=i.quantity, unit_cost=i.unit_cost,
                                   source_model="inventory.opening", source_label=label or _label("Inventario inicial", on),
                                   user=user, update_cost=True) for i in items]
        audit_record(company=company, user=user, action="crear", instance=warehouse,
                     changes={"operación": f"Inventario inicial: {len(items)} productos en {warehouse.name}"})
    return movements


def adjustment_record(*, company, warehouse: Warehouse, on: dt.date, reason: str, items: list[Item], user=None,
                      notes: str = "") -> list[StockMovement]:
    """Signed adjustments (merma, robo, conteo físico…): exits at the average, entries at the cost given or the average."""
    _check_warehouse(company, warehouse)
    if reason not in AdjustmentReason.values:
        raise InventoryError("motivo", "Elija el motivo del ajuste.")
    _check_items(company, items, allow_negative=True)
    label = _label(f"Ajuste ({AdjustmentReason(reason).label.lower()})", on)
    with transaction.atomic():
        _check_available(warehouse, [i for i in items if i.quantity < 0])
        movements = [movement_post(company=company, product=i.product, warehouse=warehouse, on=on,
                                   kind=MovementKind.ADJUSTMENT, quantity=i.quantity, unit_cost=i.unit_cost,
                                   source_model="inventory.adjustment", source_label=label, reason=reason,
                                   notes=notes, user=user) for i in items]
        audit_record(company=company, user=user, action="crear", instance=warehouse,
                     changes={"operación": f"{label}: {len(items)} productos"})
    return movements


def transfer_record(*, company, source: Warehouse, target: Warehouse, on: dt.date, items: list[Item], user=None,
                    notes: str = "") -> list[StockMovement]:
    """Move units between two warehouses of the company: out at the source's average, in at that same value."""
    _check_warehouse(company, source, "almacén de origen")
    _check_warehouse(company, target, "almacén de destino")
    if source.pk == target.pk:
        raise InventoryError("almacén de destino", "El almacén de destino debe ser distinto del de origen.")
    _check_items(company, items)
    label = _label(f"Transf. {source.name[:12]}→{target.name[:12]}", on)
    movements = []
    with transaction.atomic():
        _check_available(source, [Item(i.product, -i.quantity) for i in items])
        for item in items:
            out = movement_post(company=company, product=item.product, warehouse=source, on=on,
                                kind=MovementKind.TRANSFER_OUT, quantity=-item.quantity,
                                source_model="inventory.transfer", source_label=label, notes=notes, user=user)
            entry = movement_post(company=company, product=item.product, warehouse=target, on=on,
                                  kind=MovementKind.TRANSFER_IN, quantity=item.quantity, unit_cost=out.unit_cost,
                                  source_model="inventory.transfer", source_id=out.pk, source_label=label,
                                  notes=notes, user=user)
            if entry.value != -out.value:  # same money leaves and arrives, whatever the rounding
                StockMovement.objects.filter(pk=entry.pk).update(value=-out.value)
                entry.value = -out.value
            movements += [out, entry]
        audit_record(company=company, user=user, action="crear", instance=source,
                     changes={"operación": f"{label}: {len(items)} productos"})
    return movements


@dataclass(frozen=True)
class CountLine:
    product: Product
    on_hand: Decimal
    counted: Decimal

    @property
    def difference(self) -> Decimal:
        return self.counted - self.on_hand


def count_propose(*, company, warehouse: Warehouse, counted: dict[Product, Decimal]) -> list[CountLine]:
    """Compare what was counted with the ledger; lines with a difference are the proposed adjustments."""
    _check_warehouse(company, warehouse)
    for product, quantity in counted.items():
        if product.company_id != company.pk:
            raise InventoryError("producto", "Elija un producto de la empresa.")
        if quantity < 0:
            raise InventoryError(f"conteo de {product.code}", "La cantidad contada no puede ser negativa.")
        if -quantity.as_tuple().exponent > 4:
            raise InventoryError(f"conteo de {product.code}", "La cantidad admite como máximo 4 decimales.")
    from django.db.models import Sum

    rows = (StockMovement.objects.filter(company=company, warehouse=warehouse, product__in=list(counted))
            .values("product_id").annotate(q=Sum("quantity")))
    on_hand = {r["product_id"]: r["q"] or ZERO for r in rows}
    return [CountLine(p, on_hand.get(p.pk, ZERO), q) for p, q in counted.items() if q != on_hand.get(p.pk, ZERO)]


def count_apply(*, company, warehouse: Warehouse, on: dt.date, lines: list[CountLine], user=None) -> list[StockMovement]:
    """Post the count's differences as adjustments with reason "conteo físico"."""
    items = [Item(line.product, line.difference) for line in lines if line.difference != 0]
    if not items:
        return []
    return adjustment_record(company=company, warehouse=warehouse, on=on, reason=AdjustmentReason.COUNT,
                             items=items, user=user, notes="Conteo físico")


# --- initial inventory from a spreadsheet -----------------------------------------------------

OPENING_COLUMNS = {"codigo": "code", "código": "code", "codigo producto": "code", "cantidad": "quantity",
                   "costo": "cost", "costo unitario": "cost", "costo_unitario": "cost"}


def opening_import(*, company, warehouse: Warehouse, on: dt.date, path, user=None) -> list[StockMovement]:
    """Initial stock from a spreadsheet with columns código, cantidad, costo unitario.

    Reuses master data's reader (xlsx/CSV, encodings sniffed). Every row is checked first; one bad row
    refuses the whole file with a message naming the row and column, so nothing is half-loaded.
    """
    from yupana.masterdata.spreadsheets import SpreadsheetError, cell_text, normalize_header, open_sheet

    try:
        with open_sheet(path) as sheet:
            columns = {}
            for index, header in enumerate(sheet.headers):
                key = OPENING_COLUMNS.get(normalize_header(header)) or OPENING_COLUMNS.get(str(header).strip().lower())
                if key and key not in columns:
                    columns[key] = index
            missing = [name for key, name in (("code", "código"), ("quantity", "cantidad"), ("cost", "costo unitario"))
                       if key not in columns]
            if missing:
                raise InventoryError("archivo", f"Faltan columnas: {', '.join(missing)}.")
            raw = [(number, [cell_text(c) if i < len(cells) else "" for i, c in enumerate(cells)])
                   for number, cells in sheet.rows]
    except SpreadsheetError as exc:
        raise InventoryError("archivo", str(exc)) from None
    codes = {cells[columns["code"]].strip() for _, cells in raw if len(cells) > columns["code"]}
    products = {p.code: p for p in Product.objects.filter(company=company, code__in=codes)}
    items = []
    for number, cells in raw:
        def cell(key):
            index = columns[key]
            return cells[index].strip() if index < len(cells) else ""
        if not any(c.strip() for c in cells):
            continue
        code = cell("code")
        product = products.get(code)
        if product is None:
            raise InventoryError(f"fila {number}, código", f"No existe un producto con el código «{code}».")
        try:
            items.append(Item(product, check_quantity(cell("quantity")), check_cost(cell("cost") or "0")))
        except InventoryError as exc:
            raise InventoryError(f"fila {number}, {exc.field}", exc.message) from None
    if not items:
        raise InventoryError("archivo", "El archivo no tiene filas con datos.")
    return opening_record(company=company, warehouse=warehouse, on=on, items=items, user=user,
                          label=_label("Inventario inicial (archivo)", on))
