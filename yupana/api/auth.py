"""Who is calling: an API key (``Authorization: Bearer yk_...``) or, for reading only, a signed-in user.

The session fallback lets an administrator try the GET operations from ``/api/docs``; anything that
changes data needs a key with the ``issue`` scope. Every request carries its company: no query
reaches another company's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer

from yupana.delivery.ratelimit import hit

from .errors import ApiError
from .keys import api_key_check
from .models import ApiKey, Scope

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def max_body_bytes() -> int:
    return int(getattr(settings, "YUPANA_API_MAX_BODY", 256 * 1024))


@dataclass(frozen=True)
class Principal:
    company: object
    user: object
    scope: str
    key: ApiKey | None = None


def _body_check(request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_body_bytes():
        raise ApiError(413, f"El cuerpo de la solicitud supera el máximo de {max_body_bytes() // 1024} KB.", "cuerpo")


class ApiKeyAuth(HttpBearer):
    """Bearer API key; the rate limit is counted per key (fixed one-minute window)."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header and not header.lower().startswith("bearer "):
            raise ApiError(401, "Cabecera Authorization inválida: use «Bearer <clave>».", "Authorization",
                           headers={"WWW-Authenticate": "Bearer"})
        return super().__call__(request)

    def authenticate(self, request, token):
        key = api_key_check(token)
        if key is None:
            raise ApiError(401, "Clave de API inválida o revocada.", "Authorization",
                           headers={"WWW-Authenticate": "Bearer"})
        if not hit("api", str(key.pk), limit=key.rate_limit, window=60):
            raise ApiError(429, f"Demasiadas solicitudes: esta clave admite {key.rate_limit} por minuto.",
                           "Authorization", headers={"Retry-After": "60"})
        _body_check(request)
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return Principal(key.company, key.created_by, key.scope, key)


def session_read(request):
    """A signed-in member of a company may read (the browsable docs); writing needs an API key."""
    company = getattr(request, "company", None)
    if company is None or not request.user.is_authenticated:
        return None
    if request.method not in SAFE_METHODS:
        raise ApiError(403, "Con la sesión del navegador la API solo permite consultar; use una clave de API "
                            "con permiso de emisión.", "Authorization")
    return Principal(company, request.user, Scope.READ)


def require_issue(request) -> Principal:
    principal = request.auth
    if principal.scope != Scope.ISSUE:
        raise ApiError(403, "La clave de API es de solo lectura; esta operación requiere el permiso «issue».",
                       "Authorization")
    return principal


def missing_credentials() -> ApiError:
    return ApiError(401, "Falta la clave de API: envíe la cabecera «Authorization: Bearer <clave>».",
                    "Authorization", headers={"WWW-Authenticate": "Bearer"})

