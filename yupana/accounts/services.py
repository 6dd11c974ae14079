"""Signing in and out under the plan's concurrent-session limit, lockout, and user management."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yupana.audit.services import audit_record
from yupana.companies.models import Company

from .models import Membership, Role, User, UserSession

SESSION_LIMIT_MESSAGE = "Se ha excedido el número máximo de conexiones permitidas"
BAD_CREDENTIALS_MESSAGE = "Correo o contraseña incorrectos."
PENDING_LOGIN_KEY = "yupana_pending_login"
PENDING_LOGIN_SECONDS = 300


class LoginRefused(Exception):
    """A login that cannot go on, with the Spanish message to show."""

    def __init__(self, message: str, *, over_limit: bool = False):
        super().__init__(message)
        self.message = message
        self.over_limit = over_limit


@dataclass(frozen=True)
class LoginResult:
    user: User
    membership: Membership | None


def _idle_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.YUPANA_SESSION_IDLE_MINUTES)


def _lockout_message(user: User, now: dt.datetime) -> str:
    minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
    return (f"La cuenta está bloqueada por varios intentos fallidos. Intente de nuevo en {minutes} minuto(s) "
            "o restablezca su contraseña.")


def _register_failure(email: str, now: dt.datetime) -> str:
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            return BAD_CREDENTIALS_MESSAGE
        user.failed_login_count += 1
        if user.failed_login_count >= settings.YUPANA_LOCKOUT_ATTEMPTS:
            user.locked_until = now + dt.timedelta(minutes=settings.YUPANA_LOCKOUT_MINUTES)
            user.failed_login_count = 0
            user.save(update_fields=["failed_login_count", "locked_until"])
            return _lockout_message(user, now)
        user.save(update_fields=["failed_login_count"])
    return BAD_CREDENTIALS_MESSAGE


def check_credentials(request, *, email: str, password: str, now: dt.datetime | None = None) -> LoginResult:
    """Authenticate, applying lockout; LoginRefused with the message to show otherwise."""
    now = now or timezone.now()
    email = (email or "").strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.is_locked(now):
        raise LoginRefused(_lockout_message(existing, now))
    user = authenticate(request, email=email, password=password)
    if user is None:
        raise LoginRefused(_register_failure(email, now))
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    membership = (Membership.objects.select_related("company", "company__plan")
                  .filter(user=user).first())
    if membership is None and not user.is_staff:
        raise LoginRefused("Su usuario no pertenece a ninguna empresa. Consulte con el administrador.")
    if membership is not None and not membership.company.is_active:
        raise LoginRefused("La empresa está desactivada. Comuníquese con el soporte de Yupana.")
    return LoginResult(user=user, membership=membership)


def active_sessions(company: Company, *, now: dt.datetime | None = None):
    """The company's sessions that count against the plan (not idle)."""
    now = now or timezone.now()
    return (UserSession.objects.for_company(company)
            .filter(last_seen_at__gte=_idle_cutoff(now)).select_related("user"))


SESSION_NOTICE_KEY = "yupana_notice"
CLOSED_NOTICE = "Su sesión fue cerrada desde otro equipo. Vuelva a ingresar."
IDLE_NOTICE = "Su sesión se cerró por inactividad. Vuelva a ingresar."


def close_sessions(sessions, *, notice: str = CLOSED_NOTICE) -> int:
    """End these tracked sessions at once: their sign-in is removed from the stored session (the
    next request is anonymous) and a notice is left for the login page to explain why."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import UpdateError

    engine = import_module(settings.SESSION_ENGINE)
    sessions = list(sessions)
    for tracked in sessions:
        store = engine.SessionStore(session_key=tracked.session_key)
        if not store.exists(tracked.session_key):
            continue
        for key in (SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY):
            store.pop(key, None)
        store[SESSION_NOTICE_KEY] = notice
        try:
            store.save()
        except UpdateError:  # the browser signed out meanwhile
            pass
    UserSession.objects.filter(pk__in=[s.pk for s in sessions]).delete()
    return len(sessions)


def _purge_idle(company: Company, now: dt.datetime) -> None:
    close_sessions(UserSession.objects.for_company(company).filter(last_seen_at__lt=_idle_cutoff(now)),
                   notice=IDLE_NOTICE)


def start_session(request, result: LoginResult, *, close_others: bool = False,
                  now: dt.datetime | None = None) -> None:
    """Log the user in if the plan has room; LoginRefused(over_limit=True) when it has not.

    With close_others, the company's other sessions are closed first to make room. The company row
    is locked while counting so two logins at once cannot both take the last place.
    """
    now = now or timezone.now()
    membership = result.membership
    if membership is None:  # platform operator: no company, no limit
        login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
        return
    with transaction.atomic():
        company = Company.objects.select_for_update().select_related("plan").get(pk=membership.company_id)
        _purge_idle(company, now)
        sessions = active_sessions(company, now=now)
        if close_others:
            closed = list(sessions)
            close_sessions(closed)
            audit_record(company=company, user=result.user, action="cerrar sesiones", instance=result.user,
                         changes={"sesiones cerradas": "; ".join(
                             f"{s.user.email} ({s.created_at:%d/%m/%Y %H:%M})" for s in closed)})
        elif sessions.count() >= company.plan.max_sessions:
            raise LoginRefused(SESSION_LIMIT_MESSAGE, over_limit=True)
        login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session.pop(PENDING_LOGIN_KEY, None)
        request.session.save()
        UserSession.objects.create(
            company=company,
            user=result.user,
            session_key=request.session.session_key,
            created_at=now,
            last_seen_at=now,
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )


def remember_pending_login(request, user: User, *, now: dt.datetime | None = None) -> None:
    """After correct credentials but a full plan: remember who may close the other sessions."""
    now = now or timezone.now()
    request.session[PENDING_LOGIN_KEY] = {"user_id": user.pk, "at": now.timestamp()}


def pending_login(request, *, now: dt.datetime | None = None) -> LoginResult | None:
    data = request.session.get(PENDING_LOGIN_KEY)
    now = now or timezone.now()
    if not data or now.timestamp() - data["at"] > PENDING_LOGIN_SECONDS:
        return None
    user = User.objects.filter(pk=data["user_id"], is_active=True).first()
    if user is None:
        return None
    membership = Membership.objects.select_related("company", "company__plan").filter(user=user).first()
    return LoginResult(user=user, membership=membership)


def end_session(request) -> None:
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()
    logout(request)


# --- user management (company administrators) ---

def _company_admins(company: Company):
    return Membership.objects.for_company(company).filter(role=Role.ADMIN, user__is_active=True)


@transaction.atomic
def user_create(*, company: Company, actor: User, email: str, full_name: str, role: str, password: str) -> User:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Ya existe un usuario con ese correo."})
    user = User(email=email, full_name=full_name.strip())
    user.set_password(password)
    user.full_clean()
    user.save()
    membership = Membership(company=company, user=user, role=role)
    membership.full_clean()
    membership.save()
    audit_record(company=company, user=actor, action="crear", instance=user,
                 changes={"correo": [None, email], "nombre": [None, user.full_name], "rol": [None, role]})
    return user


@transaction.atomic
def user_update(*, company: Company, actor: User, user: User, email: str, full_name: str, role: str,
                is_active: bool) -> User:
    membership = Membership.objects.for_company(company).select_for_update().get(user=user)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": "Ya existe un usuario con ese correo."})
    losing_admin = membership.role == Role.ADMIN and (role != Role.ADMIN or not is_active)
    if losing_admin and _company_admins(company).exclude(user=user).count() == 0:
        raise ValidationError({"role": "La empresa debe conservar al menos un administrador activo."})
    before = {"correo": user.email, "nombre": user.full_name, "rol": membership.role, "activo": user.is_active}
    user.email, user.full_name, user.is_active = email, full_name.strip(), is_active
    user.full_clean()
    user.save()
    membership.role = role
    membership.full_clean()
    membership.save()
    after = {"correo": user.email, "nombre": user.full_name, "rol": membership.role, "activo": user.is_active}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        action = "desactivar" if before["activo"] and not is_active else "editar"
        audit_record(company=company, user=actor, action=action, instance=user, changes=changes)
    if not is_active:
        close_sessions(UserSession.objects.for_company(company).filter(user=user),
                       notice="Su usuario fue desactivado por el administrador de la empresa.")
    return user


def user_deactivate(*, company: Company, actor: User, user: User) -> User:
    membership = Membership.objects.for_company(company).get(user=user)
    return user_update(company=company, actor=actor, user=user, email=user.email, full_name=user.full_name,
                       role=membership.role, is_active=False)
