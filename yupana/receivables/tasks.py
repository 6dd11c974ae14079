"""Background work: the daily reminders (a task that re-schedules itself for the next morning, as
einvoicing's heartbeat does, so no cron is needed) and multi-customer statement runs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

REMINDER_HOUR = 8  # Lima time


def next_morning(now: dt.datetime | None = None) -> dt.datetime:
    """The next 08:00 in Lima after ``now``."""
    now = timezone.localtime(now or timezone.now())
    at = now.replace(hour=REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(days=1)


@task()
def send_reminders_daily() -> int:
    from .reminders import reminders_send_all

    try:
        return reminders_send_all()
    finally:
        send_reminders_daily.using(run_after=next_morning()).enqueue()


def ensure_reminders_scheduled() -> bool:
    """Queue the daily reminders unless already waiting; True when it queued one."""
    from django_tasks_db.models import DBTaskResult

    path = f"{send_reminders_daily.func.__module__}.{send_reminders_daily.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status__in=["READY", "RUNNING"]).exists():
        return False
    send_reminders_daily.using(run_after=next_morning()).enqueue()
    return True


@task()
def run_statements(pk: int) -> str:
    from .runs import statement_run_execute

    return statement_run_execute(pk)
