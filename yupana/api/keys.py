"""Create, check and revoke API keys. A key reads ``yk_<prefix>_<secret>``; the prefix finds the row."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.utils import timezone

from yupana.audit.services import audit_record

from .models import ApiKey, Scope


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    token: str  # shown once, never stored


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_key_create(*, company, user, name: str, scope: str, rate_limit: int = 120) -> NewKey:
    name = " ".join((name or "").split())
    if not name:
        raise ValueError("Indique un nombre para la clave.")
    if scope not in Scope.values:
        raise ValueError("Permiso inválido: lectura o emisión.")
    prefix = secrets.token_hex(6)
    token = f"yk_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(company=company, name=name[:80], prefix=prefix, key_hash=_hash(token),
                                scope=scope, rate_limit=rate_limit, created_by=user)
    audit_record(company=company, user=user, action="crear", instance=key, changes={"clave de API": [None, name]})
    return NewKey(key, token)


def api_key_revoke(*, key: ApiKey, user) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(company=key.company, user=user, action="editar", instance=key,
                     changes={"clave de API": [key.name, "revocada"]})
    return key


def api_key_check(token: str) -> ApiKey | None:
    """The active key for ``token``, or None (unknown, malformed or revoked)."""
    parts = (token or "").split("_")
    if len(parts) < 3 or parts[0] != "yk":
        return None
    key = (ApiKey.objects.select_related("company", "created_by")
           .filter(prefix=parts[1], revoked_at__isnull=True, company__is_active=True).first())
    if key is None or not hmac.compare_digest(key.key_hash, _hash(token)):
        return None
    return key
