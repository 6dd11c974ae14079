"""Helpers for tests and benchmarks that run the project in processes of their own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path


def scratch_database_url(folder: Path, prefix: str) -> tuple[str, Callable[[], None]]:
    """(URL, drop) of an empty database for processes started apart (a worker, gunicorn), which cannot
    share a test's transaction: an SQLite file in ``folder``, or, when DATABASE_URL names a PostgreSQL
    server, a new database ``<prefix>_<random>`` on it (never the one named, which may hold data).
    ``drop()`` removes it, even while a process still holds a connection."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{folder / f'{prefix}.sqlite3'}", lambda: None
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return base.rsplit("/", 1)[0] + f"/{name}", drop
