"""Time the web foundation's own requests: login, the home page and Configuración, through a real
gunicorn (`yupana serve`) on a scratch database.

    .venv/bin/python bench/web_shell.py                 # SQLite file under a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yupana .venv/bin/python bench/web_shell.py

With PostgreSQL a scratch database is created next to the one named and dropped afterwards.
Reports p50/p95 per page over --requests sequential requests per client, --clients in parallel.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from common import ROOT, free_port, wait_until_answers
from yupana.project.testing import scratch_database_url


def login(client: httpx.Client, base: str, email: str, password: str) -> None:
    page = client.get(f"{base}/ingresar/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(f"{base}/ingresar/", data={"csrfmiddlewaretoken": token, "email": email,
                                                      "password": password}, headers={"Referer": f"{base}/ingresar/"})
    assert response.status_code == 302, response.text[:500]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yupana-bench-"))
    url, drop = scratch_database_url(tmp, "yupana_bench")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "YUPANA_VAR_DIR": str(tmp), "BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "2", "WEB_THREADS": "4", "LOG_LEVEL": "WARNING"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "yupana.cli", *a], cwd=ROOT, env=env, check=True,  # noqa: E731
                                    capture_output=True)
    server = None
    try:
        run("migrate", "-v0")
        run("setup-demo")
        server = subprocess.Popen([sys.executable, "-m", "yupana.cli", "serve", "--log-level", "warning",
                                   "--access-logfile", "/dev/null"], cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        wait_until_answers(f"{base}/ingresar/")
        timings: dict[str, list[float]] = {"/": [], "/configuracion/": [], "login": []}
        lock = threading.Lock()
        emails = ["admin@demo.pe", "vendedor@demo.pe", "contador@demo.pe"]

        def client_loop(index: int) -> None:
            with httpx.Client(timeout=10) as client:
                start = time.perf_counter()
                login(client, base, emails[index % 3], "Yupana-Demo-2026")
                with lock:
                    timings["login"].append(time.perf_counter() - start)
                pages = ["/", "/configuracion/"] if index % 3 != 1 else ["/"]  # the seller has no settings
                for n in range(args.requests):
                    path = pages[n % len(pages)]
                    start = time.perf_counter()
                    response = client.get(base + path)
                    elapsed = time.perf_counter() - start
                    assert response.status_code == 200, (path, response.status_code)
                    with lock:
                        timings[path].append(elapsed)

        threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(args.clients)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = time.perf_counter() - began
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        count = sum(len(v) for v in timings.values())
        print(f"{engine}: {count} requests in {total:.1f} s ({count / total:.0f}/s), {args.clients} clients")
        for path, values in timings.items():
            values.sort()
            p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
            print(f"  {path:<16} n={len(values):<5} p50={statistics.median(values) * 1000:.1f} ms "
                  f"p95={p95 * 1000:.1f} ms")
    finally:
        if server:
            server.terminate()
            server.wait(10)
        drop()


if __name__ == "__main__":
    main()
