"""``webhook_deliver`` on the default queue: one attempt, then itself again at the retry time."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def webhook_deliver(pk: int) -> str:
    from .delivery import deliver_once

    retry_at = deliver_once(pk)
    if retry_at is not None:
        webhook_deliver.using(run_after=retry_at).enqueue(pk)
        return f"reintento {retry_at.isoformat()}"
    return "hecho"
