"""The document timeline: every event with its time, SUNAT code and message."""

from __future__ import annotations

from django.utils import timezone

from .models import DocumentEvent


def event_record(*, document, kind: str, message: str = "", code: str = "", data: dict | None = None,
                 user=None, at=None) -> DocumentEvent:
    return DocumentEvent.objects.create(**_fields(document, kind, message, code, data, user, at))


def events_record(*, document, events: list[dict]) -> list[DocumentEvent]:
    """Several events of one document in one INSERT (issuing writes three or more at once).

    No ``post_save`` signal is sent: only verdicts (``cdr``, ``anulado``) have listeners, and those
    go through ``event_record``."""
    now = timezone.now()
    return DocumentEvent.objects.bulk_create([
        DocumentEvent(**_fields(document, e["kind"], e.get("message", ""), e.get("code", ""), e.get("data"),
                                e.get("user"), e.get("at") or now))
        for e in events])


def _fields(document, kind, message, code, data, user, at) -> dict:
    return {"company_id": document.company_id, "document": document, "kind": kind, "at": at or timezone.now(),
            "message": message[:2000], "code": code, "data": data or {}, "user": user}
