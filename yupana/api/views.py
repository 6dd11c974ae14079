"""Administrator pages: API keys (created, shown once, revoked) and webhooks with their deliveries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yupana.accounts.models import Role
from yupana.companies.permissions import role_required

from .keys import api_key_create, api_key_revoke
from .models import ApiKey, Scope, WebhookDelivery, WebhookEndpoint, WebhookEvent
from .webhooks.services import delivery_retry, endpoint_create, endpoint_set_active

admin_only = role_required(Role.ADMIN)


@admin_only
def key_list(request):
    created = None
    error = ""
    if request.method == "POST":
        try:
            created = api_key_create(company=request.company, user=request.user, name=request.POST.get("name", ""),
                                     scope=request.POST.get("scope", Scope.READ))
        except ValueError as exc:
            error = str(exc)
    keys = ApiKey.objects.for_company(request.company).select_related("created_by")
    return render(request, "api/key_list.html", {"keys": keys, "created": created, "error": error,
                                                 "scopes": Scope.choices})


@admin_only
@require_POST
def key_revoke(request, pk: int):
    key = get_object_or_404(ApiKey.objects.for_company(request.company), pk=pk)
    api_key_revoke(key=key, user=request.user)
    messages.success(request, f"Clave «{key.name}» revocada: desde ahora se rechaza.")
    return redirect("api_admin:key_list")


@admin_only
def webhook_list(request):
    created = None
    errors = {}
    if request.method == "POST":
        try:
            created = endpoint_create(company=request.company, user=request.user, url=request.POST.get("url", ""),
                                      events=request.POST.getlist("events"))
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
    endpoints = WebhookEndpoint.objects.for_company(request.company)
    return render(request, "api/webhook_list.html", {"endpoints": endpoints, "created": created, "errors": errors,
                                                     "events": WebhookEvent.choices,
                                                     "labels": dict(WebhookEvent.choices)})


@admin_only
def webhook_detail(request, pk: int):
    endpoint = get_object_or_404(WebhookEndpoint.objects.for_company(request.company), pk=pk)
    deliveries = WebhookDelivery.objects.for_company(request.company).filter(endpoint=endpoint)[:100]
    return render(request, "api/webhook_detail.html", {"endpoint": endpoint, "deliveries": deliveries,
                                                       "labels": dict(WebhookEvent.choices)})


@admin_only
@require_POST
def webhook_toggle(request, pk: int):
    endpoint = get_object_or_404(WebhookEndpoint.objects.for_company(request.company), pk=pk)
    endpoint_set_active(endpoint=endpoint, user=request.user, active=not endpoint.is_active)
    return redirect("api_admin:webhook_detail", pk=endpoint.pk)


@admin_only
@require_POST
def delivery_resend(request, pk: int):
    delivery = get_object_or_404(WebhookDelivery.objects.for_company(request.company), pk=pk)
    delivery_retry(delivery=delivery)
    messages.success(request, "Entrega programada de nuevo.")
    return redirect("api_admin:webhook_detail", pk=delivery.endpoint_id)
