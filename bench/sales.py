"""Benchmark: sales issued and accepted end to end, and the p95 of saving a sale from the web.

    .venv/bin/python bench/sales.py throughput --n 300                     # SQLite
    .venv/bin/python bench/sales.py throughput --n 300 --postgres          # PostgreSQL (127.0.0.1, trust)
    .venv/bin/python bench/sales.py save --users 20 --requests 10 [--postgres]

``throughput``: N facturas go through ``sale_issue`` (numbering, tax engine, signing, SUNAT's rules,
stored XML/ZIP, task queued), then two ``yupana worker`` processes send them to the simulator
subprocess and store each CDR. Reports issue/s, dispatch/s (two workers) and end to end.
``save``: gunicorn (2 processes x 4 threads, as ``make run``) and 20 users, each with its own
session, posting the sale form; reports p50/p95 of the POST that saves the sale.
Everything runs in a fresh temporary database; nothing touches var/.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_URL = "postgres://postgres@127.0.0.1:5432/yupana_bench_sales"


def _prepare_env(tmp: Path, postgres: bool, simulator_url: str) -> dict:
    env = dict(os.environ, YUPANA_VAR_DIR=str(tmp / "var"), YUPANA_SIMULATOR_URL=simulator_url,
               DJANGO_SETTINGS_MODULE="yupana.project.settings", PYTHONPATH=str(ROOT))
    (tmp / "var").mkdir(exist_ok=True)
    if postgres:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS yupana_bench_sales")
            conn.execute("CREATE DATABASE yupana_bench_sales")
        env["DATABASE_URL"] = PG_URL
    else:
        env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    if not postgres:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    return env


def _company():
    from decimal import Decimal

    from yupana.companies.demo import setup_demo
    from yupana.companies.models import Plan
    from yupana.masterdata.models import Customer, Product

    company = setup_demo().company
    company.plan = Plan.objects.create(name="Bench", max_sessions=100, stock_control=True, credit_control=True)
    company.save()
    customer = Customer.objects.create(company=company, document_type="6", document_number="20100070970",
                                       name="Supermercados Peruanos S.A.")
    products = [Product.objects.create(company=company, code=f"P{i}", description=f"Producto {i}",
                                       price=Decimal("11.80") + i) for i in range(5)]
    return company, customer, products


def throughput(args) -> None:
    from yupana.simulator.testing import running_simulator

    with tempfile.TemporaryDirectory() as tmp_dir, running_simulator(Path(tmp_dir), ticket_delay=0) as sim:
        tmp = Path(tmp_dir)
        env = _prepare_env(tmp, args.postgres, sim.url)
        from decimal import Decimal

        from yupana.einvoicing.models import ElectronicDocument
        from yupana.sales.inputs import LineInput, SaleInput
        from yupana.sales.services import sale_issue

        company, customer, products = _company()
        lines = [LineInput(description="", quantity=Decimal(2), unit_price=p.price, product_id=p.pk)
                 for p in products[:3]]
        data = SaleInput(doc_type="01", series_code="F001", customer_id=customer.pk, lines=lines)
        sale_issue(company=company, user=None, data=data)  # warm-up: compiles the rule sheets
        ElectronicDocument.objects.update(status="aceptado")
        start = time.perf_counter()
        for _ in range(args.n):
            sale_issue(company=company, user=None, data=data)
        issued = time.perf_counter() - start
        workers = [subprocess.Popen([sys.executable, "-m", "yupana.cli", "worker", "--queue-name", "sunat",
                                     "--interval", "0.1", "--no-startup-delay", "-v0"], cwd=ROOT, env=env)
                   for _ in range(2)]
        try:
            start = time.perf_counter()
            while ElectronicDocument.objects.exclude(status__in=["aceptado", "observado", "rechazado"]).exists():
                time.sleep(0.1)
            drained = time.perf_counter() - start
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(10)
        accepted = ElectronicDocument.objects.filter(status="aceptado", cdr__isnull=False).count()
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{backend}: {args.n} facturas; accepted with CDR stored: {accepted}")
        print(f"  issue (sale_issue, one process): {args.n / issued:.1f}/s")
        print(f"  dispatch (2 workers -> simulator, CDR stored): {args.n / drained:.1f}/s")
        print(f"  end to end: {args.n / (issued + drained):.1f} documents/s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def save(args) -> None:
    import requests

    from yupana.simulator.testing import running_simulator

    with tempfile.TemporaryDirectory() as tmp_dir, running_simulator(Path(tmp_dir), ticket_delay=0) as sim:
        tmp = Path(tmp_dir)
        env = _prepare_env(tmp, args.postgres, sim.url)
        from yupana.companies.testing import make_user

        company, customer, products = _company()
        users = [make_user(company, role="vendedor", email=f"bench{i}@demo.pe") for i in range(args.users)]
        from yupana.companies.testing import TEST_PASSWORD

        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "yupana.project.wsgi:application", "--bind",
                                   f"127.0.0.1:{port}", "--workers", "2", "--threads", "4", "--log-level", "warning"],
                                  cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    requests.get(base + "/ingresar/", timeout=1)
                    break
                except requests.RequestException:
                    time.sleep(0.2)
            sessions = []
            for user in users:
                session = requests.Session()
                session.get(base + "/ingresar/")
                token = session.cookies["csrftoken"]
                response = session.post(base + "/ingresar/", data={"email": user.email, "password": TEST_PASSWORD,
                                                                   "csrfmiddlewaretoken": token},
                                        allow_redirects=False)
                assert response.status_code == 302, response.text[:500]
                sessions.append(session)
            form = {"document": "01:F001", "currency": "PEN", "payment_terms": "contado", "installment_count": "1",
                    "customer_id": str(customer.pk), "line": ["a", "b"]}
            for key, product in zip("ab", products):
                form.update({f"line-{key}-product": str(product.pk), f"line-{key}-description": product.description,
                             f"line-{key}-quantity": "2", f"line-{key}-price": str(product.price),
                             f"line-{key}-unit": "NIU", f"line-{key}-affectation": "10"})
            timings: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            barrier = threading.Barrier(len(sessions))

            def run(session):
                barrier.wait()
                for _ in range(args.requests):
                    data = dict(form, csrfmiddlewaretoken=session.cookies["csrftoken"])
                    t0 = time.perf_counter()
                    response = session.post(base + "/ventas/nueva/", data=data, allow_redirects=False,
                                            headers={"Referer": base + "/ventas/nueva/"})
                    elapsed = time.perf_counter() - t0
                    with lock:
                        if response.status_code == 302:
                            timings.append(elapsed)
                        else:
                            text = re.sub(r"\s+", " ", response.text)[:200]
                            errors.append(f"{response.status_code} {text}")

            threads = [threading.Thread(target=run, args=(s,)) for s in sessions]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(10)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1] if timings else float("nan")
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{backend}: {len(timings)} sales saved by {args.users} users in {wall:.1f} s "
              f"({len(timings) / wall:.1f}/s); errors: {len(errors)}")
        if errors:
            print("  first error:", errors[0])
        print(f"  save p50 {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
              f"max {timings[-1] * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--n", type=int, default=300)
    t.add_argument("--postgres", action="store_true")
    s = sub.add_parser("save")
    s.add_argument("--users", type=int, default=20)
    s.add_argument("--requests", type=int, default=10)
    s.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    {"throughput": throughput, "save": save}[args.command](args)


if __name__ == "__main__":
    main()
