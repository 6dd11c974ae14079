"""View decorators for tenancy and roles.

@company_required: signed in, member of an active company; the read-only role (contador) may only
read (GET/HEAD/OPTIONS), any other method gets 403.
@role_required(Role.ADMIN, ...): additionally the member's role must be one of those given.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

READ_ONLY_MESSAGE = "Su rol (contador de solo lectura) permite consultar, no hacer cambios."
NO_COMPANY_MESSAGE = "Su usuario no pertenece a ninguna empresa activa. Consulte con el administrador."


def _check_company(request) -> None:
    if getattr(request, "company", None) is None:
        raise PermissionDenied(NO_COMPANY_MESSAGE)
    if request.membership.read_only and request.method not in SAFE_METHODS:
        raise PermissionDenied(READ_ONLY_MESSAGE)


def company_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        _check_company(request)
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: str):
    allowed = frozenset(str(role) for role in roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            _check_company(request)
            if request.membership.role not in allowed:
                raise PermissionDenied("Su rol no tiene acceso a esta sección.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def can_write(request) -> bool:
    """For templates: hide buttons the read-only role could not use."""
    return getattr(request, "membership", None) is not None and not request.membership.read_only
