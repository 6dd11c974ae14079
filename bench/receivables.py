"""Benchmark: account statement of one customer with 10,000 documents and payments, aging of
20,000 customers, and the batch of statements for 1,000 customers as a ZIP of PDFs.

Each database runs in its own process (Django picks the database at start-up). Rows are bulk-loaded
(signing 10,000 facturas would time the SUNAT core, not receivables); the timed code is the real
selector, view and batch run.

    .venv/bin/python bench/receivables.py                       # SQLite and PostgreSQL
    .venv/bin/python bench/receivables.py --db postgres --pdf 1000
    PG_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/receivables.py --db postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal

from common import ROOT, setup_django

DB_NAME = "yupana_bench_receivables"
TODAY = dt.date(2026, 11, 27)


def median_ms(fn, repeat: int) -> tuple[float, float, float]:
    """(median wall ms, max wall ms, median CPU ms of this process): the machine is shared, CPU time
    says what the code costs when wall time includes waiting for a core."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), max(times), statistics.median(cpu)


def run_one(db: str, big: int, customers: int, pdfs: int, repeat: int) -> dict:
    setup_django(db, DB_NAME, settings=os.environ.get("DJANGO_SETTINGS_MODULE", "yupana.project.settings"))
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from yupana.companies.models import DocumentType, Series
    from yupana.companies.testing import login_client, make_company, make_user
    from yupana.masterdata.models import Customer
    from yupana.receivables.models import Payment, PaymentApplication, Receivable, StatementRun
    from yupana.receivables.runs import statement_run_execute
    from yupana.receivables.selectors import aging_report
    from yupana.receivables.statements import customer_statement
    from yupana.sales.models import SaleDocument, SaleInstallment

    now = timezone.now()

    def load(company, series, owners: list[Customer], docs_each: int, payments_each: int, start_number: int):
        """``docs_each`` credit facturas of S/ 118.00 per customer over the last 400 days and
        ``payments_each`` payments of S/ 100.00 applied to the oldest cuotas."""
        documents, number = [], start_number
        for customer in owners:
            for i in range(docs_each):
                issued = TODAY - dt.timedelta(days=400 - (i * 400 // max(docs_each, 1)))
                documents.append(SaleDocument(
                    company=company, doc_type="01", series=series, series_code="F001", number=number,
                    issue_date=issued, issued_at=now, due_date=issued + dt.timedelta(days=30), customer=customer,
                    customer_doc_type="6", customer_doc_number=customer.document_number, customer_name=customer.name,
                    payment_terms="credito", total_gravadas=Decimal("100.00"), total_igv=Decimal("18.00"),
                    total=Decimal("118.00")))
                number += 1
        SaleDocument.objects.bulk_create(documents, batch_size=2000)
        SaleInstallment.objects.bulk_create([SaleInstallment(document=d, position=1, amount=d.total,
                                                             due_date=d.due_date) for d in documents], batch_size=2000)
        receivables = [Receivable(company=company, document=d, customer=d.customer, position=1, issue_date=d.issue_date,
                                  due_date=d.due_date, amount=d.total, balance=d.total) for d in documents]
        Receivable.objects.bulk_create(receivables, batch_size=2000)
        by_customer: dict[int, list[Receivable]] = {}
        for r in receivables:
            by_customer.setdefault(r.customer_id, []).append(r)
        payments, applications, pay_number = [], [], Payment.objects.filter(company=company).count() + 1
        for customer in owners:
            open_rows = by_customer.get(customer.pk, [])
            for i in range(payments_each):
                target = open_rows[i] if i < len(open_rows) else None
                payments.append(Payment(company=company, number=pay_number, customer=customer,
                                        date=(target.issue_date if target else TODAY), method="transferencia",
                                        amount=Decimal("100.00")))
                pay_number += 1
        Payment.objects.bulk_create(payments, batch_size=2000)
        mine: dict[int, list[Payment]] = {}
        for payment in payments:
            mine.setdefault(payment.customer_id, []).append(payment)
        for customer in owners:
            for payment, row in zip(mine.get(customer.pk, []), by_customer.get(customer.pk, [])):
                applications.append(PaymentApplication(payment=payment, receivable=row, amount=Decimal("100.00"),
                                                       payment_amount=Decimal("100.00")))
                row.paid, row.balance = Decimal("100.00"), Decimal("18.00")
        PaymentApplication.objects.bulk_create(applications, batch_size=2000)
        Receivable.objects.bulk_update([a.receivable for a in applications], ["paid", "balance"], batch_size=2000)
        return len(documents), len(payments)

    def make_customers(company, count, prefix):
        rows = [Customer(company=company, document_type="6", document_number=f"{prefix}{i:09d}",
                         name=f"Cliente {prefix}-{i:05d} S.A.C.", credit_enabled=True, credit_limit=Decimal("9999"))
                for i in range(count)]
        return Customer.objects.bulk_create(rows, batch_size=2000)

    result: dict = {"db": db}
    # 1) one customer with `big` documents and `big` payments
    company = make_company(business_name="Bench Cobranzas S.A.C.")
    series = Series.objects.create(company=company, code="F001", document_type=DocumentType.FACTURA)
    whale = make_customers(company, 1, "20")[0]
    started = time.perf_counter()
    docs, pays = load(company, series, [whale], big, big, 1)
    result["load_big_s"] = round(time.perf_counter() - started, 1)

    def full():
        customer_statement(company=company, customer=whale, date_from=TODAY - dt.timedelta(days=2000),
                           date_to=TODAY, today=TODAY)

    def quarter():
        customer_statement(company=company, customer=whale, date_from=TODAY - dt.timedelta(days=90),
                           date_to=TODAY, today=TODAY)

    statement = customer_statement(company=company, customer=whale, date_from=TODAY - dt.timedelta(days=2000),
                                   date_to=TODAY, today=TODAY)
    result["statement_lines"] = len(statement.lines)
    result["statement_full_ms"] = [round(v) for v in median_ms(full, repeat)]
    result["statement_90d_ms"] = [round(v) for v in median_ms(quarter, repeat)]
    user = make_user(company, role="administrador", email="bench@cobranzas.pe")
    client = login_client(Client(), user)
    url = f"/cobranzas/clientes/{whale.pk}/estado/"
    assert client.get(url).status_code == 200
    result["statement_screen_90d_ms"] = [round(v) for v in median_ms(lambda: client.get(url), repeat)]

    # 2) aging for `customers` customers (two facturas each, one paid in part)
    second = make_company(business_name="Bench Antigüedad S.A.C.")
    series2 = Series.objects.create(company=second, code="F001", document_type=DocumentType.FACTURA)
    many = make_customers(second, customers, "10")
    started = time.perf_counter()
    load(second, series2, many, 2, 1, 1)
    result["load_aging_s"] = round(time.perf_counter() - started, 1)
    if db == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    aging = aging_report(company=second, as_of=TODAY)
    result["aging_customers"] = len(aging.rows)
    result["aging_ms"] = [round(v) for v in median_ms(lambda: aging_report(company=second, as_of=TODAY), repeat)]

    # 3) statements for `pdfs` customers as a ZIP of PDFs (5 documents and 2 payments each)
    if pdfs:
        third = make_company(business_name="Bench Estados S.A.C.")
        series3 = Series.objects.create(company=third, code="F001", document_type=DocumentType.FACTURA)
        load(third, series3, make_customers(third, pdfs, "15"), 5, 2, 1)
        run = StatementRun.objects.create(company=third, fmt="pdf", filters={"scope": "balance"},
                                          date_from=TODAY - dt.timedelta(days=400), date_to=TODAY)
        import resource

        def cpu_s():
            own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

        started, started_cpu = time.perf_counter(), cpu_s()
        statement_run_execute(run.pk)
        run.refresh_from_db()
        result["pdf_run_s"] = round(time.perf_counter() - started, 1)
        result["pdf_run_cpu_s"] = round(cpu_s() - started_cpu, 1)
        from yupana.receivables.documents import pdf_workers

        result["pdf_workers"] = pdf_workers()
        result["pdf_run_customers"] = run.done
        result["pdf_zip_mb"] = round(len(bytes(run.result)) / 1e6, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--big", type=int, default=5_000,
                        help="documents (and as many payments) of one customer: 5,000 + 5,000 = 10,000 movements")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--pdf", type=int, default=1000, help="customers in the PDF batch (0 to skip)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.db, args.big, args.customers, args.pdf, args.repeat)))
        return
    for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        out = subprocess.run([sys.executable, __file__, "--child", "--db", db, "--big", str(args.big),
                              "--customers", str(args.customers), "--pdf", str(args.pdf), "--repeat", str(args.repeat)],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            raise SystemExit(out.returncode)
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
