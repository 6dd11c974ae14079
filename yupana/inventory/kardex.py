"""The kardex: every movement of one product in a period with running units, value and average cost.

Totals (opening balance, entries, exits) are one conditional aggregate over the product's movements
up to the end of the period. The rows' running balances are SQL window sums over (date, id), so a
page of the kardex reads only that page even when the year holds 100,000 movements; exports ask
for every row (``limit=None``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, F, Q, Sum, Window

from .models import MovementKind, StockMovement

ZERO = Decimal("0")
COST = Decimal("0.0001")
KIND_LABELS = dict(MovementKind.choices)
PAGE = 1000
UNIT = Decimal("0.0001")
CENT = Decimal("0.01")
QUANTITY = DecimalField(max_digits=18, decimal_places=4)  # SQLite sums decimals as floats: fix the places
VALUE = DecimalField(max_digits=18, decimal_places=2)


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
    count: int = 0
    in_quantity: Decimal = ZERO
    in_value: Decimal = ZERO
    out_quantity: Decimal = ZERO
    out_value: Decimal = ZERO
    offset: int = 0

    @property
    def closing_quantity(self) -> Decimal:
        return self.opening_quantity + self.in_quantity - self.out_quantity

    @property
    def closing_value(self) -> Decimal:
        return self.opening_value + self.in_value - self.out_value

    @property
    def closing_cost(self) -> Decimal:
        q = self.closing_quantity
        return (self.closing_value / q).quantize(COST, ROUND_HALF_UP) if q > 0 else ZERO

    @property
    def truncated(self) -> bool:
        return self.offset + len(self.rows) < self.count


def kardex(*, company, product, date_from: dt.date, date_to: dt.date, warehouse=None, offset: int = 0,
           limit: int | None = None) -> Kardex:
    """The kardex of ``product`` (one warehouse, or all together) from ``date_from`` to ``date_to``.

    ``rows`` holds movements ``offset`` to ``offset + limit`` of the period (all when ``limit`` is None).
    """
    movements = StockMovement.objects.filter(company=company, product=product, date__lte=date_to)
    if warehouse is not None:
        movements = movements.filter(warehouse=warehouse)
    before, period = Q(date__lt=date_from), Q(date__gte=date_from)
    sums = movements.aggregate(
        oq=Sum("quantity", filter=before), ov=Sum("value", filter=before),
        iq=Sum("quantity", filter=period & Q(quantity__gt=0)), iv=Sum("value", filter=period & Q(quantity__gt=0)),
        xq=Sum("quantity", filter=period & Q(quantity__lt=0)), xv=Sum("value", filter=period & Q(quantity__lt=0)),
        n=Sum(1, filter=period))
    opening_q, opening_v = sums["oq"] or ZERO, sums["ov"] or ZERO
    result = Kardex(product, warehouse, date_from, date_to, opening_q, opening_v, [], count=sums["n"] or 0,
                    in_quantity=sums["iq"] or ZERO, in_value=sums["iv"] or ZERO,
                    out_quantity=-(sums["xq"] or ZERO), out_value=-(sums["xv"] or ZERO), offset=offset)
    order = [F("date").asc(), F("id").asc()]
    rows = (movements.filter(date__gte=date_from).order_by("date", "id")
            .annotate(bq=Window(Sum("quantity"), order_by=order, output_field=QUANTITY),
                      bv=Window(Sum("value"), order_by=order, output_field=VALUE))
            .values_list("id", "date", "kind", "source_label", "warehouse_id", "reason", "quantity", "unit_cost",
                         "value", "bq", "bv"))
    rows = rows[offset:offset + limit] if limit is not None else rows[offset:] if offset else rows
    result.rows = [KardexRow(pk, day, kind, label, warehouse_id, reason, q, cost, v,
                             (opening_q + bq).quantize(UNIT), (opening_v + bv).quantize(CENT))
                   for pk, day, kind, label, warehouse_id, reason, q, cost, v, bq, bv in rows]
    return result
