"""The quotation's timeline and the business's in-app notices."""

from __future__ import annotations

from django.utils import timezone

from .models import Notification, QuotationEvent


def event_record(*, quotation, kind: str, message: str = "", user=None, data: dict | None = None, at=None):
    return QuotationEvent.objects.create(company_id=quotation.company_id, quotation=quotation, kind=kind,
                                         at=at or timezone.now(), message=message,
                                         user=user if getattr(user, "is_authenticated", False) else None,
                                         data=data or {})


def notify(*, quotation, message: str, at=None) -> Notification:
    return Notification.objects.create(company_id=quotation.company_id, quotation=quotation, message=message,
                                       created_at=at or timezone.now())
