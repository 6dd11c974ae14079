"""The document timeline: every event with its time, SUNAT code and message."""

from __future__ import annotations

from django.utils import timezone

from .models import DocumentEvent


def event_record(*, document, kind: str, message: str = "", code: str = "", data: dict | None = None,
                 user=None, at=None) -> DocumentEvent:
    return DocumentEvent.objects.create(company_id=document.company_id, document=document, kind=kind,
                                        at=at or timezone.now(), message=message[:2000], code=code,
                                        data=data or {}, user=user)
