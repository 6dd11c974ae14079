"""How a company prints and delivers its documents, and the record of every e-mail sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yupana.companies.models import CompanyOwned


class PrintFormat(models.TextChoices):
    A4 = "a4", "A4"
    TICKET = "ticket", "Ticket 80 mm"


class DeliverySettings(CompanyOwned):
    """One row per company (created on first use with the defaults)."""

    default_format = models.CharField("formato por defecto", max_length=8, choices=PrintFormat.choices,
                                      default=PrintFormat.A4)
    primary_color = models.CharField("color principal", max_length=7, default="#1f4e79")
    footer_text = models.CharField("texto al pie", max_length=300, blank=True)
    # The logo lives in the database: a PDF embeds it as a data URI, no media storage needed.
    logo = models.BinaryField("logo", null=True, blank=True)
    logo_type = models.CharField(max_length=20, blank=True)
    # A company's own Django template for each format ("" = the built-in one). Only a template that
    # renders is stored: the preview shows the error and the previous template stays.
    template_a4 = models.TextField("plantilla A4", blank=True)
    template_ticket = models.TextField("plantilla ticket", blank=True)
    email_on_acceptance = models.BooleanField("enviar por correo al ser aceptado", default=False)
    attach_cdr = models.BooleanField("adjuntar el CDR", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "formato y envío"
        constraints = [models.UniqueConstraint(fields=["company"], name="delivery_settings_one_per_company")]

    def template_for(self, fmt: str) -> str:
        return self.template_ticket if fmt == PrintFormat.TICKET else self.template_a4


class EmailStatus(models.TextChoices):
    SENT = "enviado", "Entregado al servidor de correo"
    FAILED = "fallido", "No enviado"


class EmailDelivery(CompanyOwned):
    """One e-mail of a document to its customer, with what the SMTP server answered."""

    document = models.ForeignKey("sales.SaleDocument", on_delete=models.CASCADE, related_name="emails")
    recipients = models.CharField("para", max_length=400)
    attachments = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=EmailStatus.choices)
    error = models.TextField(blank=True)
    trigger = models.CharField(max_length=12, default="manual")  # manual | aceptacion
    at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
