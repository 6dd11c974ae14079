"""Tasks of the foundation itself. Other apps define theirs in their own tasks.py with @task."""

from __future__ import annotations

from django_tasks import task


@task()
def ping(message: str = "pong") -> str:
    """A no-op used by `yupana worker --check` and the tests to prove the queue round-trips."""
    return message
