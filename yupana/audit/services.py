"""Writing the audit trail. Services of every app call audit_record after a change."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

SECRET_MASK = "••••"


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if hasattr(value, "name"):  # files
        return value.name or ""
    return str(value)


def audit_record(*, company, user, action: str, instance: models.Model, changes: dict | None = None) -> AuditEntry:
    """Record that `user` did `action` ("crear", "editar", "desactivar"...) on `instance`.

    `changes` maps a field name to [old, new] (or any JSON-able detail); values are made JSON-safe.
    Call it inside the same transaction as the change so both land or neither does.
    """
    user = user if (user is not None and getattr(user, "is_authenticated", False)) else None
    return AuditEntry.objects.create(
        company=company,
        user=user,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:250],
        changes=_json_safe(changes or {}),
    )


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The current values of `fields`, to diff before and after an edit."""
    return {name: getattr(instance, name) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any], *, secret: frozenset[str] = frozenset()) -> dict:
    """{field: [old, new]} for the fields that changed; secret fields show a mask, never the value."""
    changes = {}
    for name, old in before.items():
        new = after.get(name)
        if old != new:
            changes[name] = [SECRET_MASK, SECRET_MASK] if name in secret else [old, new]
    return changes
