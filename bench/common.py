"""Set-up shared by the benchmark scripts: a fresh database, the environment of the processes under
test, a free port, gunicorn and the wait for it, and CPU seconds read from /proc.

The scripts run as ``.venv/bin/python bench/<name>.py``: this folder is then on ``sys.path`` and
``from common import ...`` finds this module. Importing it puts the repository root on ``sys.path``
too, so that ``yupana`` imports from the checkout the script belongs to.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The server's maintenance database; the benchmark's own database is created next to it (trust auth).
PG_ADMIN_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank), as the figures in docs/performance.md are given."""
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def fresh_postgres_database(name: str, admin_url: str = PG_ADMIN_URL) -> str:
    """Drop and create database ``name`` on the server of ``admin_url`` and return its URL: every run
    starts from an empty database, whatever an earlier (or interrupted) run left behind."""
    import psycopg

    with psycopg.connect(admin_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + "/" + name


def setup_django(db: str, name: str, settings: str = "yupana.project.test_settings") -> None:
    """Django set up in this process on a fresh, migrated database: ``db`` "sqlite" (a file named after
    ``name`` in the temp folder) or "postgres" (database ``name``). Nothing touches var/."""
    if db == "sqlite":
        path = Path(tempfile.gettempdir()) / f"{name.replace('_', '-')}.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        os.environ["DATABASE_URL"] = fresh_postgres_database(name)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def server_env(tmp: Path, database_url: str | None, **extra: str) -> dict:
    """The environment for the processes under test (gunicorn, ``yupana worker``, manage.py), on a
    migrated database: ``database_url``, or SQLite in their own var/ under ``tmp`` when None (the
    repository's var/ is never touched). ``extra``: more variables (the simulator's URL, ...)."""
    env = dict(os.environ, YUPANA_VAR_DIR=str(tmp / "var"), DJANGO_SETTINGS_MODULE="yupana.project.settings",
               PYTHONPATH=str(ROOT), **extra)
    (tmp / "var").mkdir(exist_ok=True)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def free_port() -> int:
    """A TCP port free on 127.0.0.1, for a server the benchmark starts (never a fixed one that another
    run or service may hold)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    """gunicorn serving the project as ``yupana serve`` does (``workers`` processes x ``threads``
    threads) on 127.0.0.1:``port``; the caller terminates it."""
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "yupana.project.wsgi:application", "--bind",
                             f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
                             "--log-level", "warning"], cwd=ROOT, env=env)


def wait_until_answers(url: str, timeout: float = 60.0) -> None:
    """Return once ``url`` answers with any status: a server just started needs a few seconds to load
    Django, which must not count in the timings. Exits if it never answers."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer within {timeout:.0f} s") from None
            time.sleep(0.2)


def proc_cpu(pid: int, children: bool = False) -> float:
    """CPU seconds (user + system, all threads) used so far by process ``pid``, from /proc; with
    ``children``, plus those of its children it has waited for. 0.0 once the process is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = fields[11:15] if children else fields[11:13]
    return sum(int(value) for value in ticks) / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float:
    """CPU seconds of every PostgreSQL server process on this machine (the backends serving the
    benchmark): the database's share of the CPU per document, which the client cannot see."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text:
            total += proc_cpu(int(stat.parent.name))
    return total
