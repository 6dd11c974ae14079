"""Benchmark: facturas issued through the REST API and accepted by the simulator, and the p95 of the call.

    .venv/bin/python bench/api.py --clients 20 --requests 10              # SQLite
    .venv/bin/python bench/api.py --clients 20 --requests 10 --postgres   # PostgreSQL (127.0.0.1, trust)
    .venv/bin/python bench/api.py --clients 20 --requests 6 --postgres --think 5

gunicorn (one process per core x 2 threads, as ``yupana serve``) serves the API; ``--clients`` threads each POST
``--requests`` facturas (2 lines, a new Idempotency-Key each) to ``/api/documents`` with an ``issue``
key, while two ``yupana worker`` processes send them to the simulator subprocess (full validation).
Reports the issue call's p50/p95, issued/s, and documents accepted per second end to end (from the
first POST until every document is ``aceptado``). By default each client posts again as soon as it
has its answer (a stress test); ``--think S``: each pauses a random 0.5-1.5 x S seconds between
documents, as a web shop or a till posting its own sales does. A fresh temporary database; nothing
touches var/.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from common import ROOT, free_port, fresh_postgres_database, server_env, start_gunicorn, wait_until_answers

PG_DB = "yupana_bench_api"

FACTURA = {"doc_type": "01", "series": "F001",
           "customer": {"doc_type": "6", "number": "20100066603", "name": "CLIENTE CORPORATIVO S.A."},
           "lines": [{"description": "Arroz extra 5 kg", "quantity": "2", "unit_price": "23.60"},
                     {"description": "Servicio de reparto", "quantity": "1", "unit_value": "10.00", "unit_code": "ZZ"}]}


SETUP = r"""
from yupana.accounts.models import Membership
from yupana.api.keys import api_key_create
from yupana.companies.demo import setup_demo
company = setup_demo().company
admin = Membership.objects.filter(company=company, role="administrador").first().user
print("TOKEN=" + api_key_create(company=company, user=admin, name="bench", scope="issue", rate_limit=1_000_000).token)
"""



def _accepted(env: dict) -> int:
    """Accepted documents, counted from this process (a `manage.py shell` per poll would cost
    about a second of CPU each and slow the system under test)."""
    import psycopg

    if "DATABASE_URL" in env:
        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
            return conn.execute("SELECT count(*) FROM einvoicing_electronicdocument WHERE status = 'aceptado'").fetchone()[0]
    import sqlite3

    with sqlite3.connect(Path(env["YUPANA_VAR_DIR"]) / "yupana.sqlite3", timeout=20) as conn:
        return conn.execute("SELECT count(*) FROM einvoicing_electronicdocument WHERE status = 'aceptado'").fetchone()[0]


def _shell(code: str, env: dict, prefix: str) -> str:
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.startswith(prefix)][-1].removeprefix(prefix)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--web-workers", type=int, default=os.cpu_count() or 1, help="gunicorn processes (as yupana serve)")
    parser.add_argument("--web-threads", type=int, default=2, help="threads per gunicorn process (as yupana serve)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="each client pauses a random 0.5-1.5 x THINK seconds between documents")
    args = parser.parse_args()
    import httpx

    from yupana.simulator.testing import running_simulator

    with tempfile.TemporaryDirectory() as tmp_dir, running_simulator(Path(tmp_dir), ticket_delay=0) as sim:
        env = server_env(Path(tmp_dir), fresh_postgres_database(PG_DB) if args.postgres else None,
                         YUPANA_SIMULATOR_URL=sim.url, LOG_LEVEL="WARNING")
        token = _shell(SETUP, env, "TOKEN=")
        port = free_port()
        server = start_gunicorn(env, port, args.web_workers, args.web_threads)
        workers = [subprocess.Popen([sys.executable, "-m", "yupana.cli", "worker", "--no-startup-delay", "-v0"],
                                    cwd=ROOT, env=env) for _ in range(2)]
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answers(f"{base}/api/openapi.json")
            headers = {"Authorization": f"Bearer {token}"}
            httpx.post(f"{base}/api/documents", json=FACTURA, headers=headers, timeout=60)  # warm: rules loaded
            latencies: list[float] = []
            errors: list[str] = []

            def client(rng: random.Random) -> None:
                with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
                    for _ in range(args.requests):
                        if args.think:
                            time.sleep(args.think * rng.uniform(0.5, 1.5))
                        start = time.perf_counter()
                        answer = http.post("/api/documents", json=FACTURA,
                                           headers={"Idempotency-Key": str(uuid.uuid4())})
                        latencies.append(time.perf_counter() - start)
                        if answer.status_code != 201:
                            errors.append(f"{answer.status_code} {answer.text[:200]}")

            started = time.perf_counter()
            threads = [threading.Thread(target=client, args=(random.Random(i),)) for i in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            issued = time.perf_counter() - started
            total = args.clients * args.requests + 1
            while _accepted(env) < total - len(errors):
                if time.perf_counter() - started > 900:
                    raise SystemExit("no todos fueron aceptados en 15 minutos")
                time.sleep(0.5)
            accepted = time.perf_counter() - started
        finally:
            for process in (server, *workers):
                process.terminate()
            for process in (server, *workers):
                process.wait(20)
        latencies.sort()
        load = os.getloadavg()[0]
        pauses = f", pauses of {args.think * 0.5:g}-{args.think * 1.5:g} s" if args.think else ", no pauses"
        print(f"{'PostgreSQL' if args.postgres else 'SQLite'}, {args.clients} clients x {args.requests}{pauses}, "
              f"load {load:.1f}, errors {len(errors)}")
        if errors:
            print("  first error:", errors[0])
        print(f"  issue call: p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms, {len(latencies) / issued:.1f} issued/s")
        print(f"  accepted end to end (2 workers): {(total - 1) / accepted:.1f}/s ({total - 1} in {accepted:.1f} s)")


if __name__ == "__main__":
    main()
