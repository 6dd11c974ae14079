"""API keys, idempotency records, webhook endpoints and their deliveries (all per company)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yupana.companies.models import CompanyOwned


class Scope(models.TextChoices):
    READ = "read", "Solo lectura"
    ISSUE = "issue", "Lectura y emisión"


class ApiKey(CompanyOwned):
    """A key is shown once; only its SHA-256 is stored (the key is 256 random bits, so a slow hash adds nothing)."""

    name = models.CharField("nombre", max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    scope = models.CharField("permiso", max_length=5, choices=Scope.choices, default=Scope.READ)
    rate_limit = models.PositiveIntegerField("límite por minuto", default=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "clave de API"
        verbose_name_plural = "claves de API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(CompanyOwned):
    """Idempotency-Key -> the document it created; the body's hash tells a retry from a reuse."""

    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    document = models.ForeignKey("sales.SaleDocument", on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "key"], name="api_idempotency_unique")]


class WebhookEvent(models.TextChoices):
    DOCUMENT_ACCEPTED = "document.accepted", "Comprobante aceptado"
    DOCUMENT_OBSERVED = "document.observed", "Comprobante aceptado con observaciones"
    DOCUMENT_REJECTED = "document.rejected", "Comprobante rechazado"
    DOCUMENT_VOIDED = "document.voided", "Comprobante anulado"
    PAYMENT_RECORDED = "payment.recorded", "Cobro registrado"
    QUOTATION_ACCEPTED = "quotation.accepted", "Cotización aceptada"


class WebhookEndpoint(CompanyOwned):
    url = models.URLField("URL", max_length=500)
    events = models.JSONField("eventos", default=list)
    secret = models.TextField()  # encrypted with companies.crypto (needed in clear to sign)
    is_active = models.BooleanField("activo", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "webhook"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pendiente", "Pendiente"
    DELIVERED = "entregado", "Entregado"
    FAILED = "fallido", "Fallido"


class WebhookDelivery(CompanyOwned):
    """One event for one endpoint, with the last attempt's answer."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=30, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["endpoint", "created_at"], name="api_delivery_endpoint")]
