"""The queue round-trips on the database backend, in-process and through the real `yupana worker`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks.base import TaskResultStatus

from yupana.project.testing import scratch_database_url
from yupana.tasks.tasks import ping

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db(transaction=True)
def test_enqueued_task_is_stored_and_run_by_the_worker():
    # Given a task enqueued (a row in the database, no broker)
    result = ping.enqueue("hola")
    assert result.status == TaskResultStatus.READY
    # When the worker processes the queue once
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload", verbosity=0)
    # Then the task ran and its return value is stored
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "hola"


@pytest.mark.slow
def test_yupana_worker_command_runs_tasks_from_another_process(tmp_path):
    # Given a migrated database of its own (SQLite file, or PostgreSQL when DATABASE_URL is set)
    url, drop = scratch_database_url(tmp_path, "yupana_worker")
    env = {**os.environ, "DATABASE_URL": url, "YUPANA_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "yupana.project.settings", "LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    run = lambda *argv: subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, capture_output=True,  # noqa: E731
                                       text=True, timeout=180)
    try:
        migrated = run("-m", "yupana.cli", "migrate", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        # When the web side enqueues two tasks and `yupana worker` runs in its own process
        enqueued = run("-c", "import django; django.setup(); from yupana.tasks.tasks import ping; "
                             "print(ping.enqueue('uno').id); print(ping.enqueue('dos').id)")
        assert enqueued.returncode == 0, enqueued.stderr
        ids = enqueued.stdout.split()
        worked = run("-m", "yupana.cli", "worker", "--batch", "--no-startup-delay")
        assert worked.returncode == 0, worked.stderr
        # Then both ran, with their return values stored for the web side to read
        check = run("-c", "import django; django.setup(); from yupana.tasks.tasks import ping; "
                          f"print(*[ping.get_result(i).status + ':' + ping.get_result(i).return_value for i in {ids!r}])")
        assert check.returncode == 0, check.stderr
        assert check.stdout.split() == ["SUCCESSFUL:uno", "SUCCESSFUL:dos"]
    finally:
        drop()
