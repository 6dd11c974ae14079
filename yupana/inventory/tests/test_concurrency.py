"""50 simultaneous sales of the last 10 units: with blocking on, exactly 10 go through.

Real sales (``sale_issue``: numbering, signing, validation, stock movement) from 10 threads on a real
database: a SQLite file (IMMEDIATE transactions) and PostgreSQL (row locks) when DATABASE_URL says so.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from yupana.companies.models import Policy
from yupana.inventory.models import StockMovement
from yupana.inventory.operations import Item, opening_record
from yupana.inventory.selectors import default_warehouse, stock_on_hand
from yupana.sales.inputs import LineInput, SaleInput
from yupana.sales.models import SaleDocument
from yupana.sales.services import SaleRefused, sale_issue
from yupana.sales.tests.factories import make_issuer, make_product

SALES = 50
STOCK = 10


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sales_of_the_last_ten_units_never_oversell(settings):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("shared-cache in-memory SQLite has no busy timeout; the suite uses a file database")
    settings.YUPANA_SUNAT_HEARTBEAT = False
    # Given a Premium company that blocks sales without stock, and 10 units of a controlled product
    company = make_issuer(stock_policy=Policy.BLOCK)
    assert company.plan.stock_control
    product = make_product(company, stock_control=True)
    with transaction.atomic():
        opening_record(company=company, warehouse=default_warehouse(company=company), on=dt.date(2026, 1, 2),
                       items=[Item(product, Decimal(STOCK), Decimal("15.00"))])
    data = SaleInput(doc_type="03", series_code="B001",
                     lines=[LineInput(description="", quantity=Decimal("1"), unit_price=product.price,
                                      product_id=product.pk)])
    barrier = threading.Barrier(10)

    def sell(_):
        try:
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
            try:
                sale_issue(company=company, user=None, data=data)
                return "vendido"
            except SaleRefused as exc:
                assert "Stock insuficiente" in str(exc)
                return "rechazado"
        finally:
            connections.close_all()

    # When 50 sales of one unit arrive at once
    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(sell, range(SALES)))
    # Then exactly 10 are sold and 40 refused; stock ends at zero, worth zero
    assert outcomes.count("vendido") == STOCK and outcomes.count("rechazado") == SALES - STOCK
    assert SaleDocument.objects.filter(company=company).count() == STOCK
    assert stock_on_hand(company=company, product=product) == 0
    sold = StockMovement.objects.filter(company=company, kind="venta")
    assert sold.count() == STOCK and sum(m.value for m in sold) == Decimal("-150.00")


@pytest.mark.django_db(transaction=True)
def test_the_stock_lock_alone_holds_without_a_shared_series():
    """The same rule with nothing else serialising the sales (no numbering): only the stock lock."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("shared-cache in-memory SQLite has no busy timeout; the suite uses a file database")
    from yupana.inventory.models import MovementKind
    from yupana.inventory.services import stock_check, stock_movements_record

    company = make_issuer(stock_policy=Policy.BLOCK)
    product = make_product(company, stock_control=True)
    with transaction.atomic():
        opening_record(company=company, warehouse=default_warehouse(company=company), on=dt.date(2026, 1, 2),
                       items=[Item(product, Decimal(STOCK), Decimal("15.00"))])
    barrier = threading.Barrier(10)

    def take(index):
        try:
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
            with transaction.atomic():
                if stock_check(company=company, items=[(product, Decimal("1"))]):
                    return False
                stock_movements_record(company=company, on=dt.date(2026, 1, 3), kind=MovementKind.SALE,
                                       items=[(product, Decimal("1"))], sign=-1, source_model="test",
                                       source_id=index, source_label=f"T-{index}")
                return True
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        taken = list(pool.map(take, range(SALES)))
    assert taken.count(True) == STOCK
    assert stock_on_hand(company=company, product=product) == 0
