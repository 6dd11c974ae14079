"""The SUNAT side of a sale document: signed XML, ZIP, CDR, state with timestamps, and the timeline.

State machine (``Status``)::

    emitido -> enviado -> aceptado | aceptado con observaciones | rechazado
    aceptado* -> en proceso de baja -> anulado

``emitido`` means signed, stored and queued; ``enviado`` means SUNAT received it but its verdict
is pending (a boleta inside an RC whose ticket is not resolved, or an answer we did not get).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yupana.companies.models import CompanyOwned


class Status(models.TextChoices):
    ISSUED = "emitido", "Emitido"
    SENT = "enviado", "Enviado"
    ACCEPTED = "aceptado", "Aceptado"
    OBSERVED = "observado", "Aceptado con observaciones"
    REJECTED = "rechazado", "Rechazado"
    VOIDING = "en_baja", "En proceso de baja"
    VOIDED = "anulado", "Anulado"


ACCEPTED_STATES = (Status.ACCEPTED, Status.OBSERVED)
FINAL_STATES = (Status.ACCEPTED, Status.OBSERVED, Status.REJECTED, Status.VOIDED)


class ElectronicDocument(CompanyOwned):
    """One sale document as SUNAT sees it."""

    document = models.OneToOneField("sales.SaleDocument", on_delete=models.PROTECT, related_name="electronic")
    name = models.CharField("archivo", max_length=40)  # RUC-TT-SERIE-NUMERO
    xml = models.BinaryField()
    zip = models.BinaryField()
    digest = models.CharField("valor resumen (hash)", max_length=100)
    status = models.CharField("estado SUNAT", max_length=10, choices=Status.choices, default=Status.ISSUED)
    via_summary = models.BooleanField("va en el resumen diario", default=False)

    cdr = models.BinaryField(null=True, blank=True)
    cdr_code = models.CharField("código de respuesta", max_length=6, blank=True)
    cdr_description = models.TextField("respuesta de SUNAT", blank=True)
    cdr_notes = models.JSONField("observaciones", default=list, blank=True)

    attempts = models.PositiveIntegerField("intentos", default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set when an attempt ended without a clear answer: ask getStatusCdr before sending again.
    uncertain = models.BooleanField(default=False)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    issued_at = models.DateTimeField("emitido")
    sent_at = models.DateTimeField("enviado", null=True, blank=True)
    answered_at = models.DateTimeField("respondido", null=True, blank=True)
    voiding_at = models.DateTimeField("baja solicitada", null=True, blank=True)
    voided_at = models.DateTimeField("anulado", null=True, blank=True)

    class Meta:
        verbose_name = "comprobante electrónico"
        verbose_name_plural = "comprobantes electrónicos"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="edoc_status_next"),
            models.Index(fields=["company", "status"], name="edoc_company_status"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_accepted(self) -> bool:
        return self.status in ACCEPTED_STATES


class BatchKind(models.TextChoices):
    SUMMARY = "RC", "Resumen diario"
    VOIDED = "RA", "Comunicación de baja"


class BatchStatus(models.TextChoices):
    PENDING = "pendiente", "Por enviar"
    WAITING = "en_proceso", "En proceso (ticket)"
    ACCEPTED = "aceptado", "Aceptado"
    REJECTED = "rechazado", "Rechazado"


class SummaryBatch(CompanyOwned):
    """An RC (daily summary) or RA (voided communication) with its ticket."""

    kind = models.CharField(max_length=2, choices=BatchKind.choices)
    issue_date = models.DateField()
    reference_date = models.DateField()
    sequence = models.PositiveIntegerField()
    name = models.CharField(max_length=40)
    xml = models.BinaryField()
    zip = models.BinaryField()
    status = models.CharField(max_length=12, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    ticket = models.CharField(max_length=40, blank=True)
    cdr = models.BinaryField(null=True, blank=True)
    cdr_code = models.CharField(max_length=6, blank=True)
    cdr_description = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    uncertain = models.BooleanField(default=False)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "kind", "issue_date", "sequence"], name="batch_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class BatchLine(models.Model):
    """A document inside an RC or RA, with the status it reports (catalog 19: 1 add, 3 void)."""

    batch = models.ForeignKey(SummaryBatch, on_delete=models.CASCADE, related_name="lines")
    electronic = models.ForeignKey(ElectronicDocument, on_delete=models.PROTECT, related_name="batch_lines")
    line_status = models.CharField(max_length=1, default="1")
    reason = models.CharField(max_length=100, blank=True)


class EventKind(models.TextChoices):
    CREATED = "creado", "Creado"
    SIGNED = "firmado", "Firmado"
    WARNING = "advertencia", "Advertencia"
    SENT = "enviado", "Enviado a SUNAT"
    RETRY = "reintento", "Reintento programado"
    STATUS_CHECK = "consulta", "Consulta de CDR"
    CDR = "cdr", "CDR recibido"
    IN_SUMMARY = "resumen", "Incluido en resumen diario"
    VOID_REQUESTED = "baja", "Baja solicitada"
    VOIDED = "anulado", "Anulado"
    EMAILED = "correo", "Enviado por correo"
    DOWNLOADED = "descarga", "Descargado"


class DocumentEvent(CompanyOwned):
    """One line of a document's timeline (what happened, when, with which SUNAT code)."""

    document = models.ForeignKey("sales.SaleDocument", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    at = models.DateTimeField()
    message = models.TextField(blank=True)
    code = models.CharField(max_length=6, blank=True)
    data = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
