"""Background tasks on the ``sunat`` queue (django-tasks, database backend).

``dispatch_document`` sends one document and re-enqueues itself at its retry time;
``dispatch_batch`` sends or polls an RC/RA; ``sunat_heartbeat`` runs every minute while there is
work: it picks up anything a crashed worker left behind, creates yesterday's daily summaries and
re-schedules itself (so the summary job needs no cron).
"""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.utils import timezone
from django_tasks import task

QUEUE = "sunat"


def heartbeat_seconds() -> float:
    return float(getattr(settings, "YUPANA_SUNAT_HEARTBEAT_SECONDS",
                         os.environ.get("YUPANA_SUNAT_HEARTBEAT_SECONDS", 60)))


@task(queue_name=QUEUE)
def dispatch_document(pk: int, drain: bool = True) -> str | None:
    """Send ``pk``, then every other document due (so one task per worker keeps up with many sales);
    a document left waiting for a retry gets its own task at its retry time."""
    from .dispatch import dispatch_once, due_documents
    from .models import ElectronicDocument, Status

    status = dispatch_once(pk)
    handled = [pk]
    while drain:
        batch = [other for other in due_documents()[:20] if other not in handled]
        if not batch:
            break
        for other in batch:
            dispatch_once(other)
            handled.append(other)
    retry = (ElectronicDocument.objects.filter(pk__in=handled, status__in=[Status.ISSUED, Status.SENT],
                                               next_attempt_at__isnull=False)
             .values_list("pk", "next_attempt_at"))
    for other, when in retry:
        dispatch_document.using(run_after=when).enqueue(other, drain=False)
    return status


@task(queue_name=QUEUE)
def dispatch_batch(pk: int) -> str | None:
    from .batches import batch_dispatch_once
    from .models import BatchStatus, SummaryBatch

    status = batch_dispatch_once(pk)
    row = SummaryBatch.objects.filter(pk=pk).values("status", "next_attempt_at").first()
    if row and row["status"] in (BatchStatus.PENDING, BatchStatus.WAITING):
        dispatch_batch.using(run_after=row["next_attempt_at"] or timezone.now()).enqueue(pk)
    return status


def sweep(*, summaries: bool = True, today: dt.date | None = None) -> dict:
    """One pass over everything owed to SUNAT (also ``yupana sunat-sweep``)."""
    from yupana.companies.models import BoletaDispatch, Company

    from .batches import batch_dispatch_once, due_batches, summaries_create
    from .dispatch import dispatch_once, due_documents

    today = today or timezone.localdate()
    created = 0
    if summaries:
        for company in Company.objects.filter(is_active=True, boleta_dispatch=BoletaDispatch.SUMMARY):
            created += len(summaries_create(company, before=today))
    sent = sum(1 for pk in list(due_documents()) if dispatch_once(pk) is not None)
    polled = sum(1 for pk in list(due_batches()) if batch_dispatch_once(pk) is not None)
    return {"summaries": created, "documents": sent, "batches": polled}


@task(queue_name=QUEUE)
def sunat_heartbeat() -> dict:
    try:
        return sweep()
    finally:
        # One successor, unless another chain already has one waiting (chains never multiply).
        ensure_heartbeat(run_after=timezone.now() + dt.timedelta(seconds=heartbeat_seconds()))


def _heartbeat_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    path = f"{sunat_heartbeat.func.__module__}.{sunat_heartbeat.func.__qualname__}"
    return DBTaskResult.objects.filter(task_path=path, status="READY").exists()


def ensure_heartbeat(run_after: dt.datetime | None = None, *, waiting: bool | None = None) -> None:
    """Queue the heartbeat unless one is already waiting (``waiting``, when the caller already
    counted). A heartbeat left RUNNING by a killed worker does not count, so the chain restarts
    with the next sale or worker start."""
    if getattr(settings, "YUPANA_SUNAT_HEARTBEAT", True) is False:
        return
    if not (_heartbeat_waiting() if waiting is None else waiting):
        (sunat_heartbeat.using(run_after=run_after) if run_after else sunat_heartbeat).enqueue()


def enqueue_batch(pk: int) -> None:
    dispatch_batch.enqueue(pk)
    ensure_heartbeat()
