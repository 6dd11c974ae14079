"""Ten cashiers record S/ 100.00 each at the same moment for a customer who owes S/ 500.00: the cuotas
are paid exactly once and the other S/ 500.00 stay as balance in favour (SQLite file with IMMEDIATE
transactions, or PostgreSQL row locks when DATABASE_URL says so)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Sum

from yupana.receivables.models import Payment, PaymentApplication, Receivable
from yupana.receivables.services import payment_record
from yupana.sales.tests.factories import make_issuer

from .factories import credit_sale, make_buyer

D = Decimal


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_simultaneous_payments_never_pay_a_cuota_twice(settings):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("shared-cache in-memory SQLite has no busy timeout; the suite uses a file database")
    settings.YUPANA_SUNAT_HEARTBEAT = False
    company = make_issuer()
    buyer = make_buyer(company)
    credit_sale(company, buyer, total="500.00", issued=dt.date(2026, 10, 1),
                cuotas=[("100.00", dt.date(2026, 10, 1) + dt.timedelta(days=10 * (i + 1))) for i in range(5)])
    barrier = threading.Barrier(10)

    def pay(i):
        try:
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
            return payment_record(company=company, user=None, customer=buyer, date=dt.date(2026, 11, 20),
                                  method="efectivo", amount=D("100.00"), token=f"caja-{i}",
                                  today=dt.date(2026, 11, 27)).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        numbers = sorted(pool.map(pay, range(10)))
    assert numbers == list(range(1, 11))
    assert list(Receivable.objects.filter(customer=buyer).values_list("balance", flat=True)) == [D("0.00")] * 5
    assert PaymentApplication.objects.aggregate(s=Sum("amount"))["s"] == D("500.00")
    assert sorted(Payment.objects.values_list("unapplied", flat=True)) == [D("0.00")] * 5 + [D("100.00")] * 5
