"""Benchmark: the kardex of one product with 100,000 movements in a year, and stock on hand (valued)
for 10,000 products, through the real selectors (and the real kardex screen, capped at 1,000 rows).

Seeds a fresh database with bulk inserts valued as ``movement_post`` would (weighted average), then
times each query ``--repeat`` times after one warm-up run and prints median and p95 in ms.

    .venv/bin/python bench/inventory.py                       # PostgreSQL (the target)
    .venv/bin/python bench/inventory.py --db sqlite
    PG_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/inventory.py --movements 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from decimal import ROUND_HALF_UP, Decimal

from common import p95, setup_django

DB_NAME = "yupana_bench_inventory"
CENT = Decimal("0.01")
COST = Decimal("0.0001")


def _timed(fn, repeat: int) -> dict:
    fn()  # warm-up: connection, plans, caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(runs), 1), "p95_ms": round(p95(runs), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--movements", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    setup_django(args.db, DB_NAME)
    from django.db import connection

    from yupana.companies.testing import login_client, make_company, make_user
    from yupana.inventory.kardex import kardex
    from yupana.inventory.models import StockMovement, Warehouse
    from yupana.inventory.selectors import default_warehouse, stock_report
    from yupana.inventory.services import balances_rebuild
    from yupana.masterdata.models import Product, search_key

    company = make_company(plan_name="Premium", ruc="20100070970", business_name="Bodega Benchmark S.A.C.")
    user = make_user(company, email="bench@bodega.pe")
    main_wh = default_warehouse(company=company)
    branch = Warehouse.objects.create(company=company, name="Tienda 2")
    rnd = random.Random(11)
    seed_start = time.perf_counter()

    # One product, a year of movements: purchases of 50-200 units, sales of 1-20, valued at the average
    star = Product.objects.create(company=company, code="STAR", description="Arroz extra 5 kg (kardex)",
                                  price=Decimal("25"), stock_control=True, search_text="star arroz")
    rows, quantity, value = [], Decimal(0), Decimal(0)
    start = dt.date(2026, 1, 1)
    for i in range(args.movements):
        day = start + dt.timedelta(days=i * 365 // args.movements)
        if quantity < 100 or i % 10 == 0:
            q = Decimal(rnd.randint(50, 200))
            cost = Decimal(rnd.randint(1500, 1800)) / 100
            v = (q * cost).quantize(CENT, ROUND_HALF_UP)
            kind = "compra"
        else:
            q = -Decimal(rnd.randint(1, 20))
            cost = (value / quantity).quantize(COST, ROUND_HALF_UP)
            v = (q * cost).quantize(CENT, ROUND_HALF_UP)
            kind = "venta"
        quantity += q
        value += v
        rows.append(StockMovement(company=company, product=star, warehouse=main_wh, date=day, kind=kind,
                                  quantity=q, unit_cost=cost, value=v, source_label=f"F001-{i + 1}"))
    StockMovement.objects.bulk_create(rows, batch_size=5000)

    # 10,000 products, 6 movements each over two warehouses
    products = [Product(company=company, code=f"P{i:05d}", description=f"Producto {i}", price=Decimal("10"),
                        stock_control=True, search_text=search_key(f"P{i:05d}", f"Producto {i}"))
                for i in range(args.products)]
    Product.objects.bulk_create(products, batch_size=5000)
    products = list(Product.objects.filter(company=company).exclude(pk=star.pk))
    rows = []
    for product in products:
        for warehouse in (main_wh, branch):
            rows.append(StockMovement(company=company, product=product, warehouse=warehouse, date=start,
                                      kind="inicial", quantity=Decimal(100), unit_cost=Decimal("5"), value=Decimal("500.00")))
            rows.append(StockMovement(company=company, product=product, warehouse=warehouse, date=start,
                                      kind="compra", quantity=Decimal(50), unit_cost=Decimal("6"), value=Decimal("300.00")))
            rows.append(StockMovement(company=company, product=product, warehouse=warehouse, date=start,
                                      kind="venta", quantity=Decimal(-30), unit_cost=Decimal("5.3333"), value=Decimal("-160.00")))
    StockMovement.objects.bulk_create(rows, batch_size=10000)
    balances_rebuild(company=company)  # bulk inserts bypass movement_post, which keeps balances
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")  # as autovacuum would
    seed_seconds = round(time.perf_counter() - seed_start, 1)

    year = dict(company=company, product=star, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    month = dict(company=company, product=star, date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 6, 30))
    check = kardex(**year, limit=None)
    assert len(check.rows) == args.movements and check.count == args.movements and check.closing_quantity == quantity and check.closing_value == value
    report = stock_report(company=company)
    assert len(report.rows) == 2 * len(products) + 1
    from django.test import Client

    client = login_client(Client(), user)
    url = "/inventario/kardex/?producto=STAR&desde=2026-01-01&hasta=2026-12-31"
    last_url = url + f"&pagina={args.movements // 200}"
    assert client.get(url).status_code == 200
    result = {
        "database": connection.vendor, "movements_one_product": args.movements, "products": args.products,
        "ledger_rows": StockMovement.objects.count(), "seed_s": seed_seconds,
        "kardex_year_100k_first_page": _timed(lambda: kardex(**year, limit=1000), args.repeat),
        "kardex_year_100k_last_page": _timed(lambda: kardex(**year, offset=max(0, args.movements - 1000), limit=1000),
                                             args.repeat),
        "kardex_year_100k_all_rows": _timed(lambda: kardex(**year, limit=None), 3),
        "kardex_one_month_all_rows": _timed(lambda: kardex(**month, limit=None), args.repeat),
        "kardex_screen_year_first_page": _timed(lambda: client.get(url), args.repeat),
        "kardex_screen_year_last_page": _timed(lambda: client.get(last_url), args.repeat),
        "stock_on_hand_by_warehouse": _timed(lambda: stock_report(company=company), args.repeat),
        "stock_on_hand_by_product": _timed(lambda: stock_report(company=company, by_warehouse=False), args.repeat),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
