"""The daily expiry sweep (default queue). It re-schedules itself for the next Lima day, and is first
queued when a quotation is sent, so no cron is needed; pages also expire quotations on read."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task


@task()
def quotations_expire_daily() -> int:
    from .services import quotations_expire

    try:
        return quotations_expire()
    finally:
        ensure_daily_sweep(run_after=next_lima_day())


def next_lima_day() -> dt.datetime:
    """Five minutes past the next midnight in Lima (the first day a quotation can be past its validity)."""
    now = timezone.localtime()
    tomorrow = (now + dt.timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    return tomorrow


def _waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    func = quotations_expire_daily.func
    return DBTaskResult.objects.filter(task_path=f"{func.__module__}.{func.__qualname__}", status="READY").exists()


def ensure_daily_sweep(run_after: dt.datetime | None = None) -> None:
    """Queue the sweep unless one is already waiting (the chain never multiplies)."""
    if not _waiting():
        quotations_expire_daily.using(run_after=run_after or next_lima_day()).enqueue()


def ensure_daily_sweep_on_commit() -> None:
    transaction.on_commit(ensure_daily_sweep)
