"""Login, logout, closing other sessions, password reset, and the company's user list."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from yupana.audit.selectors import audit_history
from yupana.companies.permissions import role_required

from . import selectors, services
from .forms import LoginForm, UserCreateForm, UserEditForm
from .models import Membership, Role


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return reverse_lazy("web:home")


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    notice = request.session.pop(services.SESSION_NOTICE_KEY, None)
    if notice:
        messages.info(request, notice)
    form = LoginForm(request.POST or None)
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", ""),
               "idle_minutes": settings.YUPANA_SESSION_IDLE_MINUTES}
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_credentials(request, email=form.cleaned_data["email"],
                                                password=form.cleaned_data["password"])
            services.start_session(request, result)
        except services.LoginRefused as refusal:
            if refusal.over_limit:
                services.remember_pending_login(request, result.user)
                context["sessions"] = services.active_sessions(result.membership.company)
                context["limit_message"] = refusal.message
                context["plan"] = result.membership.company.plan
            else:
                form.add_error(None, refusal.message)
            return render(request, "accounts/login.html", context, status=200)
        return redirect(_next_url(request))
    return render(request, "accounts/login.html", context)


@never_cache
@require_POST
def close_other_sessions(request):
    """Second step after the plan-limit message: the user confirmed closing the other sessions."""
    result = services.pending_login(request)
    if result is None:
        messages.error(request, "Pasó demasiado tiempo. Vuelva a escribir su correo y contraseña.")
        return redirect("accounts:login")
    services.start_session(request, result, close_others=True)
    messages.success(request, "Se cerraron las otras sesiones de la empresa.")
    return redirect(_next_url(request))


@require_POST
def logout_view(request):
    services.end_session(request)
    messages.info(request, "Cerró su sesión.")
    return redirect("accounts:login")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A reset also lifts a lockout.
        type(form.user).objects.filter(pk=form.user.pk).update(failed_login_count=0, locked_until=None)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- users of the company (administrators) ---

@role_required(Role.ADMIN)
def user_list(request):
    return render(request, "accounts/user_list.html", {
        "memberships": selectors.company_users(company=request.company),
        "sessions": services.active_sessions(request.company),
    })


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(company=request.company, actor=request.user, email=data["email"],
                                        full_name=data["full_name"], role=data["role"], password=data["password1"])
        except ValidationError as exc:
            _merge_errors(form, exc)
        else:
            messages.success(request, f"Se creó el usuario {user.email}.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    user = selectors.company_user(company=request.company, pk=pk)
    membership = Membership.objects.for_company(request.company).get(user=user)
    initial = {"full_name": user.full_name, "email": user.email, "role": membership.role, "is_active": user.is_active}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if user == request.user and (not data["is_active"] or data["role"] != Role.ADMIN):
            form.add_error(None, "No puede quitarse a sí mismo el rol de administrador ni desactivarse.")
        else:
            try:
                services.user_update(company=request.company, actor=request.user, user=user, email=data["email"],
                                     full_name=data["full_name"], role=data["role"], is_active=data["is_active"])
            except ValidationError as exc:
                _merge_errors(form, exc)
            else:
                messages.success(request, f"Se guardaron los cambios de {user.email}.")
                return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {
        "form": form, "creating": False, "edited_user": user,
        "history": audit_history(company=request.company, instance=user)[:50],
    })


@role_required(Role.ADMIN)
@require_POST
def session_close(request, pk: int):
    from .models import UserSession

    session = UserSession.objects.for_company(request.company).filter(pk=pk).first()
    if session is None:
        messages.error(request, "Esa sesión ya no está abierta.")
    else:
        services.close_sessions([session])
        messages.success(request, f"Se cerró la sesión de {session.user.email}.")
    return redirect("accounts:user_list")


def _merge_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
