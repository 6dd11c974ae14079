"""Sale documents (facturas, boletas, notes), their lines and cuotas.

A document is immutable once issued: it is only written by ``services.sale_issue`` /
``services.note_issue`` and corrected by notes. Its SUNAT life lives in ``yupana.einvoicing``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from yupana.companies.models import CompanyOwned, DocumentType, Series


class PaymentTerms(models.TextChoices):
    CASH = "contado", "Contado"
    CREDIT = "credito", "Crédito"


class Currency(models.TextChoices):
    PEN = "PEN", "Soles (S/)"
    USD = "USD", "Dólares (US$)"


class SaleDocument(CompanyOwned):
    """A factura, boleta, nota de crédito or nota de débito, as issued."""

    doc_type = models.CharField("tipo", max_length=2, choices=DocumentType.choices)
    series = models.ForeignKey(Series, verbose_name="serie", on_delete=models.PROTECT, related_name="+")
    series_code = models.CharField("serie", max_length=4)
    number = models.PositiveIntegerField("número")
    issue_date = models.DateField("fecha de emisión")
    issued_at = models.DateTimeField("emitido")
    due_date = models.DateField("vencimiento", null=True, blank=True)

    customer = models.ForeignKey("masterdata.Customer", verbose_name="cliente", on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")
    # What the document says about the customer, frozen at issue time.
    customer_doc_type = models.CharField("tipo de documento del cliente", max_length=1)
    customer_doc_number = models.CharField("documento del cliente", max_length=15)
    customer_name = models.CharField("cliente", max_length=200)
    customer_address = models.CharField("dirección del cliente", max_length=300, blank=True)

    currency = models.CharField("moneda", max_length=3, choices=Currency.choices, default=Currency.PEN)
    exchange_rate = models.DecimalField("tipo de cambio", max_digits=8, decimal_places=4, null=True, blank=True)
    payment_terms = models.CharField("forma de pago", max_length=8, choices=PaymentTerms.choices,
                                     default=PaymentTerms.CASH)
    observations = models.TextField("observaciones", blank=True)

    # Figures from the SUNAT core's tax engine (never computed here).
    total_gravadas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_exoneradas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_inafectas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_gratuitas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_discount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_igv = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total_icbper = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField("importe total", max_digits=14, decimal_places=2, default=Decimal("0"))

    # Notes: the document they modify and why (catalogs 09 / 10).
    reference = models.ForeignKey("self", verbose_name="documento modificado", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="notes")
    note_reason = models.CharField("motivo", max_length=2, blank=True)
    note_reason_text = models.CharField("sustento", max_length=250, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "comprobante"
        verbose_name_plural = "comprobantes"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "doc_type", "series_code", "number"],
                                    name="sale_document_unique_number"),
        ]
        indexes = [
            models.Index(fields=["company", "issue_date"], name="sale_company_date"),
            models.Index(fields=["company", "customer"], name="sale_company_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.document_id}"

    @property
    def document_id(self) -> str:
        return f"{self.series_code}-{self.number}"

    @property
    def is_note(self) -> bool:
        return self.doc_type in (DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE)

    @property
    def is_boleta_family(self) -> bool:
        """Boletas and their notes (series B...) travel in the daily summary."""
        return self.series_code.startswith("B")

    @property
    def currency_symbol(self) -> str:
        return "US$" if self.currency == Currency.USD else "S/"


class SaleLine(models.Model):
    document = models.ForeignKey(SaleDocument, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    product = models.ForeignKey("masterdata.Product", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    code = models.CharField("código", max_length=30, blank=True)
    description = models.CharField("descripción", max_length=500)
    unit_code = models.CharField("unidad", max_length=3, default="NIU")
    quantity = models.DecimalField("cantidad", max_digits=16, decimal_places=4)
    unit_price = models.DecimalField("precio unitario", max_digits=18, decimal_places=4,
                                     help_text="Con IGV cuando price_includes_igv.")
    price_includes_igv = models.BooleanField(default=True)
    discount = models.DecimalField("descuento", max_digits=14, decimal_places=2, default=Decimal("0"))
    affectation = models.CharField("afectación", max_length=2, default="10")
    # From the tax engine.
    unit_value = models.DecimalField(max_digits=18, decimal_places=10, default=Decimal("0"))
    value = models.DecimalField("valor de venta", max_digits=14, decimal_places=2, default=Decimal("0"))
    igv = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField("importe", max_digits=14, decimal_places=2, default=Decimal("0"))

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.description


class SaleInstallment(models.Model):
    """A cuota of a sale on credit (issue 10 collects them)."""

    document = models.ForeignKey(SaleDocument, on_delete=models.CASCADE, related_name="installments")
    position = models.PositiveSmallIntegerField()
    amount = models.DecimalField("monto", max_digits=14, decimal_places=2)
    due_date = models.DateField("vencimiento")

    class Meta:
        ordering = ["position"]
