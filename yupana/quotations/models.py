"""Quotations (cotizaciones): numbered per company, versioned once sent, answered by the customer
through a private link, and turned into facturas or boletas (fully or partly)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from yupana.companies.models import CompanyOwned


class Status(models.TextChoices):
    DRAFT = "borrador", "Borrador"
    SENT = "enviada", "Enviada"
    VIEWED = "vista", "Vista por el cliente"
    ACCEPTED = "aceptada", "Aceptada"
    REJECTED = "rechazada", "Rechazada"
    EXPIRED = "vencida", "Vencida"
    PARTLY_INVOICED = "facturada_parcial", "Facturada en parte"
    INVOICED = "facturada", "Facturada"


AWAITING = (Status.SENT, Status.VIEWED)  # waiting for the customer's answer
CONVERTIBLE = (Status.DRAFT, Status.SENT, Status.VIEWED, Status.ACCEPTED, Status.PARTLY_INVOICED)
EDITABLE = (Status.DRAFT, Status.SENT, Status.VIEWED, Status.REJECTED, Status.EXPIRED)


class Quotation(CompanyOwned):
    number = models.PositiveIntegerField("número")
    version = models.PositiveIntegerField("versión", default=1)
    status = models.CharField("estado", max_length=20, choices=Status.choices, default=Status.DRAFT)
    customer = models.ForeignKey("masterdata.Customer", verbose_name="cliente", on_delete=models.PROTECT,
                                 related_name="+")
    customer_name = models.CharField("cliente", max_length=200)
    customer_doc_type = models.CharField(max_length=1)
    customer_doc_number = models.CharField(max_length=15, blank=True)
    issue_date = models.DateField("fecha")
    valid_until = models.DateField("válida hasta")
    currency = models.CharField("moneda", max_length=3, default="PEN")
    terms = models.TextField("condiciones", blank=True)
    notes = models.TextField("notas", blank=True)
    seller = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="vendedor", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")

    # Figures from the SUNAT core's tax engine, as a document with these lines would carry them.
    total_gravadas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_exoneradas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_inafectas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_discount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_igv = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField("total", max_digits=14, decimal_places=2, default=Decimal("0"))

    # The private link (256 random bits); it stops working when the quotation expires.
    token = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    viewed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.CharField("aceptada por", max_length=120, blank=True)
    answer_text = models.TextField("respuesta del cliente", blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "cotización"
        verbose_name_plural = "cotizaciones"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="quotation_unique_number")]
        indexes = [
            models.Index(fields=["company", "status"], name="quotation_company_status"),
            models.Index(fields=["company", "issue_date"], name="quotation_company_date"),
        ]

    def __str__(self) -> str:
        return f"Cotización {self.code}"

    @property
    def code(self) -> str:
        return f"COT-{self.number:06d}"

    @property
    def currency_symbol(self) -> str:
        return "US$" if self.currency == "USD" else "S/"


class QuotationLine(models.Model):
    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    product = models.ForeignKey("masterdata.Product", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    code = models.CharField("código", max_length=30, blank=True)
    description = models.CharField("descripción", max_length=500)
    unit_code = models.CharField("unidad", max_length=3, default="NIU")
    quantity = models.DecimalField("cantidad", max_digits=16, decimal_places=4)
    unit_price = models.DecimalField("precio unitario", max_digits=18, decimal_places=4)
    price_includes_igv = models.BooleanField(default=True)
    discount = models.DecimalField("descuento", max_digits=14, decimal_places=2, default=Decimal("0"))
    affectation = models.CharField("afectación", max_length=2, default="10")
    value = models.DecimalField("valor de venta", max_digits=14, decimal_places=2, default=Decimal("0"))
    igv = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField("importe", max_digits=14, decimal_places=2, default=Decimal("0"))
    # How much of the quantity facturas and boletas already took (only ever raised by a guarded UPDATE).
    invoiced_quantity = models.DecimalField("facturado", max_digits=16, decimal_places=4, default=Decimal("0"))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=models.Q(invoiced_quantity__lte=models.F("quantity")),
                                   name="quotation_line_not_beyond_quantity"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def remaining(self) -> Decimal:
        return self.quantity - self.invoiced_quantity


class QuotationVersion(models.Model):
    """A version as it was before an edit: header, lines and totals, readable as sent."""

    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["quotation", "version"], name="quotation_version_unique")]


class EventKind(models.TextChoices):
    CREATED = "creada", "Creada"
    EDITED = "editada", "Editada"
    VERSIONED = "nueva_version", "Nueva versión"
    SENT = "enviada", "Enviada"
    EMAIL_FAILED = "correo_fallido", "Correo no enviado"
    VIEWED = "vista", "Vista por el cliente"
    ACCEPTED = "aceptada", "Aceptada"
    REJECTED = "rechazada", "Rechazada"
    CHANGES = "cambios", "Cambios solicitados"
    EXPIRED = "vencida", "Vencida"
    INVOICED = "facturada", "Facturada"


class QuotationEvent(CompanyOwned):
    """One step of the quotation's timeline."""

    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField()
    message = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]


class QuotationDocument(CompanyOwned):
    """A factura or boleta issued from the quotation, with the quantities it took per line."""

    quotation = models.ForeignKey(Quotation, on_delete=models.PROTECT, related_name="documents")
    document = models.OneToOneField("sales.SaleDocument", on_delete=models.PROTECT, related_name="quotation_link")
    quantities = models.JSONField(default=dict)  # {line id: "quantity"}
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Notification(CompanyOwned):
    """An in-app notice to the business: the customer answered a quotation."""

    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "read_at"], name="quotation_notice_unread")]
