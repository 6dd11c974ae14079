"""Test support shared by the sales and einvoicing suites."""

from __future__ import annotations

import os
import tempfile


def use_file_sqlite_for_tests() -> None:
    """Threads in tests (concurrent numbering, a live server beside a worker) need a real SQLite file:
    Django's shared-cache in-memory test database answers "table is locked" with no busy timeout.
    One file per process, so parallel pytest runs and xdist workers never share it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    test = database.setdefault("TEST", {})
    if not test.get("NAME"):
        test["NAME"] = os.path.join(tempfile.gettempdir(), f"yupana-test-{os.getpid()}.sqlite3")
