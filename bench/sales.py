"""Benchmark: sales issued and accepted end to end, and the p95 of saving a sale from the web.

    .venv/bin/python bench/sales.py throughput --n 400                     # SQLite
    .venv/bin/python bench/sales.py throughput --n 400 --postgres          # PostgreSQL (127.0.0.1, trust)
    .venv/bin/python bench/sales.py save --users 20 --requests 5 --postgres [--bursts | --think 5]

``throughput``: ``--issuers`` processes (2) call ``sale_issue`` (numbering, tax engine, signing, SUNAT's
rules, stored XML/ZIP, dispatch queued) while ``--workers`` ``yupana worker`` processes (2) send to the
simulator subprocess and store each CDR. Reports issued/s, end to end (first sale to last CDR) and the
CPU per document of each part (issuers, workers, simulator, PostgreSQL's server processes).
``save``: gunicorn as ``yupana serve`` runs it and 20 users, each with its own session, posting the
sale form and following the redirect; reports p50/p95 of the POST that saves the sale. By default each
user saves again as soon as the page loaded (a stress test: 20 users never pausing); ``--bursts``: all
press "Emitir" at the same instant; ``--think S``: each pauses a random 0.5-1.5 x S seconds between
sales, as people at a counter do. ``--workers`` (2) ``yupana worker`` processes send the sales to
the simulator meanwhile, as in production.
Everything runs in a fresh temporary database; nothing touches var/.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import (ROOT, free_port, fresh_postgres_database, postgres_cpu, proc_cpu, server_env, start_gunicorn,
                    wait_until_answers)

PG_DB = "yupana_bench_sales"


def _prepare_env(tmp: Path, postgres: bool, simulator_url: str) -> dict:
    """The environment of the workers and issuers, and Django set up in this process on the same database."""
    env = server_env(tmp, fresh_postgres_database(PG_DB) if postgres else None, YUPANA_SIMULATOR_URL=simulator_url)
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


def _start_workers(env: dict, count: int) -> list[subprocess.Popen]:
    """``count`` ``yupana worker`` processes on the sunat queue, as production runs them."""
    return [subprocess.Popen([sys.executable, "-m", "yupana.cli", "worker", "--queue-name", "sunat", "--interval",
                              "0.1", "--no-startup-delay", "-v0"], cwd=ROOT, env=env) for _ in range(count)]


def _wait_for_verdicts(pause: float, timeout: float | None = None) -> None:
    """Until every document has SUNAT's verdict (or ``timeout`` seconds have passed)."""
    from yupana.einvoicing.models import ElectronicDocument

    deadline = None if timeout is None else time.monotonic() + timeout
    while ElectronicDocument.objects.exclude(status__in=["aceptado", "observado", "rechazado"]).exists():
        if deadline is not None and time.monotonic() > deadline:
            return
        time.sleep(pause)


def _issue_worker(args) -> None:
    """Child process: warm up, say "ready", wait for "go", issue ``--count`` facturas, print CPU seconds."""
    import json
    from decimal import Decimal

    import django

    django.setup()
    from yupana.companies.models import Company
    from yupana.einvoicing import services as einvoicing
    from yupana.masterdata.models import Product
    from yupana.sales.inputs import LineInput, SaleInput
    from yupana.sales.services import sale_compute, sale_draft, sale_issue

    company = Company.objects.get(pk=args.company)
    products = list(Product.objects.filter(pk__in=args.products).order_by("pk"))
    lines = [LineInput(description="", quantity=Decimal(2), unit_price=p.price, product_id=p.pk) for p in products]
    data = SaleInput(doc_type="01", series_code="F001", customer_id=args.customer, lines=lines)
    draft = sale_draft(company=company, data=data, number=1)
    sale_compute(draft)
    einvoicing.document_prepare(draft.document, draft.lines, draft.installments)  # compiles the rule sheet
    print("ready", flush=True)
    sys.stdin.readline()
    cpu = time.process_time()
    for _ in range(args.count):
        sale_issue(company=company, user=None, data=data)
    print(json.dumps({"cpu": time.process_time() - cpu}), flush=True)


def throughput(args) -> None:
    import json

    from yupana.simulator.testing import running_simulator

    flags = {"no_rules": True} if args.simulator_no_rules else {}
    with tempfile.TemporaryDirectory() as tmp_dir, running_simulator(Path(tmp_dir), ticket_delay=0, **flags) as sim:
        tmp = Path(tmp_dir)
        env = _prepare_env(tmp, args.postgres, sim.url)
        from yupana.einvoicing.models import ElectronicDocument

        company, customer, products = _company()
        from django.db import connections

        connections.close_all()
        workers = _start_workers(env, args.workers)
        counts = [args.n // args.issuers + (1 if i < args.n % args.issuers else 0) for i in range(args.issuers)]
        issuers = [subprocess.Popen([sys.executable, __file__, "_issue", "--count", str(count), "--company",
                                     str(company.pk), "--customer", str(customer.pk), "--products",
                                     *[str(p.pk) for p in products[:3]]],
                                    cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                   for count in counts]
        try:
            for issuer in issuers:
                assert issuer.stdout.readline().strip() == "ready"
            time.sleep(1)  # the workers are up and polling
            cpu_before = {"workers": sum(proc_cpu(w.pid) for w in workers), "simulator": proc_cpu(sim.process.pid),
                          "postgres": postgres_cpu() if args.postgres else 0.0}
            start = time.perf_counter()
            for issuer in issuers:
                issuer.stdin.write("go\n")
                issuer.stdin.flush()
            issuer_cpu = sum(json.loads(issuer.stdout.readline())["cpu"] for issuer in issuers)
            issued = time.perf_counter() - start
            _wait_for_verdicts(pause=0.05)
            elapsed = time.perf_counter() - start
            cpu = {"issuers": issuer_cpu,
                   "workers": sum(proc_cpu(w.pid) for w in workers) - cpu_before["workers"],
                   "simulator": proc_cpu(sim.process.pid) - cpu_before["simulator"],
                   "postgres": (postgres_cpu() - cpu_before["postgres"]) if args.postgres else 0.0}
        finally:
            for process in [*issuers, *workers]:
                process.terminate()
            for process in [*issuers, *workers]:
                process.wait(10)
        accepted = ElectronicDocument.objects.filter(status="aceptado", cdr__isnull=False).count()
        backend = "PostgreSQL" if args.postgres else "SQLite"
        simulator = "simulator without SUNAT's rules (XSD + signature)" if args.simulator_no_rules else \
            "simulator with full validation"
        print(f"{backend}, {simulator}: {args.n} facturas from {args.issuers} issuing processes while "
              f"{args.workers} workers send; accepted with CDR stored: {accepted}")
        print(f"  all issued after {issued:.2f} s ({args.n / issued:.1f}/s)")
        print(f"  end to end (first sale to last CDR stored): {elapsed:.2f} s = {args.n / elapsed:.1f} documents/s")
        per_doc = {name: seconds / args.n * 1000 for name, seconds in cpu.items()}
        print("  CPU per document: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in per_doc.items())
              + f", total {sum(per_doc.values()):.1f} ms")


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

        port = free_port()
        workers = _start_workers(env, args.workers)
        server = start_gunicorn(env, port, args.web_workers, args.web_threads)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answers(base + "/ingresar/")
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
            pages: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            barrier = threading.Barrier(len(sessions))

            def post(session, data):
                for attempt in range(2):  # a keep-alive connection gunicorn closed while idle: reconnect once
                    try:
                        return session.post(base + "/ventas/nueva/", data=data, allow_redirects=False,
                                            headers={"Referer": base + "/ventas/nueva/"})
                    except requests.ConnectionError:
                        if attempt:
                            raise

            def run(session, rng):
                for _ in range(args.requests):
                    if args.think:
                        time.sleep(rng.uniform(0.5, 1.5) * args.think)  # reads the document, takes the next order
                    if args.bursts:
                        barrier.wait()  # every user presses "Emitir" at the same instant
                    data = dict(form, csrfmiddlewaretoken=session.cookies["csrftoken"])
                    t0 = time.perf_counter()
                    response = post(session, data)
                    elapsed = time.perf_counter() - t0
                    if response.status_code == 302:
                        # The browser then shows the new document (and its "emitido" message).
                        t1 = time.perf_counter()
                        page = session.get(base + response.headers["Location"])
                        with lock:
                            timings.append(elapsed)
                            pages.append(time.perf_counter() - t1)
                            if page.status_code != 200:
                                errors.append(f"page {page.status_code}")
                    else:
                        text = re.sub(r"\s+", " ", response.text)[:200]
                        with lock:
                            errors.append(f"{response.status_code} {text}")

            for session in sessions:  # each user has the form open
                session.get(base + "/ventas/nueva/")
            threads = [threading.Thread(target=run, args=(s, random.Random(i))) for i, s in enumerate(sessions)]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - start
            from yupana.einvoicing.models import ElectronicDocument

            if args.workers:
                _wait_for_verdicts(pause=0.2, timeout=120)
            accepted = ElectronicDocument.objects.filter(status="aceptado").count()
        finally:
            for process in [server, *workers]:
                process.terminate()
            for process in [server, *workers]:
                process.wait(10)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1] if timings else float("nan")
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{backend}: {len(timings)} sales saved by {args.users} users in {wall:.1f} s "
              f"({len(timings) / wall:.1f}/s); errors: {len(errors)}")
        if errors:
            print("  first error:", errors[0])
        if args.bursts:
            mode = "all 20 press save at the same instant, then read the document"
        elif args.think:
            mode = f"each user pauses {args.think * 0.5:g}-{args.think * 1.5:g} s between sales"
        else:
            mode = "each user saves again as soon as the document page has loaded (no pause)"
        print(f"  mode: {mode}; {args.workers} workers sending meanwhile, accepted by the simulator: "
              f"{accepted}".replace("20", str(args.users)))
        print(f"  save p50 {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
              f"max {timings[-1] * 1000:.0f} ms")
        pages.sort()
        print(f"  document page after saving: p50 {statistics.median(pages) * 1000:.0f} ms, "
              f"p95 {pages[int(len(pages) * 0.95) - 1] * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--n", type=int, default=300)
    t.add_argument("--postgres", action="store_true")
    t.add_argument("--issuers", type=int, default=2, help="processes calling sale_issue at the same time")
    t.add_argument("--workers", type=int, default=2, help="`yupana worker` processes sending to the simulator")
    t.add_argument("--simulator-no-rules", action="store_true",
                   help="the simulator checks XSD and signature only (SUNAT's rules already ran at issue)")
    i = sub.add_parser("_issue")  # internal: one issuing process of `throughput`
    i.add_argument("--count", type=int, required=True)
    i.add_argument("--company", type=int, required=True)
    i.add_argument("--customer", type=int, required=True)
    i.add_argument("--products", type=int, nargs="+", required=True)
    s = sub.add_parser("save")
    s.add_argument("--users", type=int, default=20)
    s.add_argument("--requests", type=int, default=10)
    s.add_argument("--postgres", action="store_true")
    s.add_argument("--web-workers", type=int, default=os.cpu_count() or 1, help="gunicorn processes (as yupana serve)")
    s.add_argument("--web-threads", type=int, default=2, help="threads per gunicorn process (as yupana serve)")
    s.add_argument("--bursts", action="store_true",
                   help="rounds in which every user saves at the same instant (default: no pause between sales)")
    s.add_argument("--think", type=float, default=0.0,
                   help="seconds a user pauses between sales (random 0.5-1.5 x this; default 0: no pause)")
    s.add_argument("--workers", type=int, default=2, help="`yupana worker` processes sending meanwhile")
    args = parser.parse_args()
    {"throughput": throughput, "save": save, "_issue": _issue_worker}[args.command](args)


if __name__ == "__main__":
    main()
