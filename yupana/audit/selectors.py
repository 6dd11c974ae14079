"""Reading the audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_history(*, company, instance: models.Model):
    """Every change to `instance` in `company`, newest first, with the user joined."""
    return (
        AuditEntry.objects.for_company(company)
        .filter(content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                object_id=str(instance.pk))
        .select_related("user")
    )


def audit_for_company(*, company, limit: int = 200):
    """The company's latest changes, newest first."""
    return AuditEntry.objects.for_company(company).select_related("user", "content_type")[:limit]
