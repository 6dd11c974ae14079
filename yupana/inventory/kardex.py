"""The kardex: every movement of one product in a period with running units, value and average cost.

The opening balance is one aggregate over what came before the period; the period's rows are read in
(date, id) order and summed as they go, so a year of 100,000 movements is one indexed scan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from .models import MovementKind, StockMovement

ZERO = Decimal("0")
COST = Decimal("0.0001")
KIND_LABELS = dict(MovementKind.choices)


@dataclass(slots=True)
class KardexRow:
    id: int
    date: dt.date
    kind: str
    document: str
    warehouse_id: int
    reason: str
    quantity: Decimal
    unit_cost: Decimal
    value: Decimal
    balance_quantity: Decimal
    balance_value: Decimal

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def is_in(self) -> bool:
        return self.quantity > 0

    @property
    def balance_cost(self) -> Decimal:
        if self.balance_quantity > 0:
            return (self.balance_value / self.balance_quantity).quantize(COST, ROUND_HALF_UP)
        return ZERO


@dataclass
class Kardex:
    product: object
    warehouse: object | None
    date_from: dt.date
    date_to: dt.date
    opening_quantity: Decimal
    opening_value: Decimal
    rows: list[KardexRow]
    in_quantity: Decimal = ZERO
    in_value: Decimal = ZERO
    out_quantity: Decimal = ZERO
    out_value: Decimal = ZERO

    @property
    def closing_quantity(self) -> Decimal:
        return self.rows[-1].balance_quantity if self.rows else self.opening_quantity

    @property
    def closing_value(self) -> Decimal:
        return self.rows[-1].balance_value if self.rows else self.opening_value

    @property
    def closing_cost(self) -> Decimal:
        q = self.closing_quantity
        return (self.closing_value / q).quantize(COST, ROUND_HALF_UP) if q > 0 else ZERO


def kardex(*, company, product, date_from: dt.date, date_to: dt.date, warehouse=None) -> Kardex:
    """The kardex of ``product`` (one warehouse, or all together) from ``date_from`` to ``date_to``."""
    movements = StockMovement.objects.filter(company=company, product=product)
    if warehouse is not None:
        movements = movements.filter(warehouse=warehouse)
    before = movements.filter(date__lt=date_from).aggregate(q=Sum("quantity"), v=Sum("value"))
    quantity, value = before["q"] or ZERO, before["v"] or ZERO
    result = Kardex(product, warehouse, date_from, date_to, quantity, value, [])
    rows = result.rows
    in_q = in_v = out_q = out_v = ZERO
    period = (movements.filter(date__gte=date_from, date__lte=date_to).order_by("date", "id")
              .values_list("id", "date", "kind", "source_label", "warehouse_id", "reason", "quantity",
                           "unit_cost", "value"))
    for pk, day, kind, label, warehouse_id, reason, q, cost, v in period.iterator(chunk_size=5000):
        quantity += q
        value += v
        if q > 0:
            in_q += q
            in_v += v
        else:
            out_q -= q
            out_v -= v
        rows.append(KardexRow(pk, day, kind, label, warehouse_id, reason, q, cost, v, quantity, value))
    result.in_quantity, result.in_value, result.out_quantity, result.out_value = in_q, in_v, out_q, out_v
    return result
