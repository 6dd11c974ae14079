"""Rows of another company for the tenant-isolation walk (``yupana/web/tests/test_tenant_isolation.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

SAMPLE_ID = 10_000_900


def tenant_samples(company) -> list:
    """A warehouse of ``company`` with a product, its opening movement, an adjustment and a minimum."""
    from yupana.masterdata.models import Product

    from .models import StockBalance, StockMinimum, StockMovement, Warehouse

    product = Product.objects.create(id=SAMPLE_ID, company=company, code="SECRETOB-INV",
                                     description="SECRETOB producto de inventario", price=Decimal("1"),
                                     stock_control=True)
    warehouse = Warehouse.objects.create(id=SAMPLE_ID + 1, company=company, name="SECRETOB almacén")
    opening = StockMovement.objects.create(id=SAMPLE_ID + 2, company=company, product=product, warehouse=warehouse,
                                           date=dt.date(2026, 11, 1), kind="inicial", quantity=Decimal("5"),
                                           unit_cost=Decimal("2"), value=Decimal("10.00"), source_label="SECRETOB")
    adjustment = StockMovement.objects.create(id=SAMPLE_ID + 3, company=company, product=product, warehouse=warehouse,
                                              date=dt.date(2026, 11, 2), kind="ajuste", reason="merma",
                                              quantity=Decimal("-1"), unit_cost=Decimal("2"), value=Decimal("-2.00"),
                                              source_label="SECRETOB ajuste")
    minimum = StockMinimum.objects.create(id=SAMPLE_ID + 4, company=company, product=product, minimum=Decimal("50"))
    held = StockBalance.objects.create(id=SAMPLE_ID + 5, company=company, product=product, warehouse=warehouse,
                                       quantity=Decimal("4"), value=Decimal("8.00"))
    return [product, warehouse, opening, adjustment, minimum, held]
