"""50 documents issued at once on one series: 50 consecutive numbers, no gap, no duplicate."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections

from yupana.companies.models import Series
from yupana.sales.inputs import LineInput, SaleInput
from yupana.sales.models import SaleDocument
from yupana.sales.services import sale_issue

from .factories import make_issuer, make_product

COUNT = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_sales_get_fifty_consecutive_numbers(settings):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("shared-cache in-memory SQLite has no busy timeout; the suite uses a file database")
    settings.YUPANA_SUNAT_HEARTBEAT = False
    # Given one company and one boleta series (boletas go in the daily summary: nothing is sent)
    company = make_issuer()
    product = make_product(company)
    data = SaleInput(doc_type="03", series_code="B001",
                     lines=[LineInput(description="", quantity=Decimal("1"), unit_price=product.price,
                                      product_id=product.pk)])
    barrier = threading.Barrier(10)

    def issue(_):
        try:
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
            return sale_issue(company=company, user=None, data=data).number
        finally:
            connections.close_all()

    # When 50 are issued from 10 threads at once
    with ThreadPoolExecutor(max_workers=10) as pool:
        numbers = list(pool.map(issue, range(COUNT)))
    # Then the numbers are exactly 1..50
    assert sorted(numbers) == list(range(1, COUNT + 1))
    stored = sorted(SaleDocument.objects.filter(company=company).values_list("number", flat=True))
    assert stored == list(range(1, COUNT + 1))
    assert Series.objects.get(company=company, code="B001").next_number == COUNT + 1
