"""Supplier documents (factura, boleta, nota de crédito), their lines, and what we pay suppliers.

Amounts are stored as computed by ``services.purchase_compute``; ``stated_total`` is what the
supplier's document says (kept to show the check). A purchase on credit is a payable until its
payments and credit notes cover it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from yupana.companies.models import CompanyOwned


class PurchaseType(models.TextChoices):
    FACTURA = "01", "Factura"
    BOLETA = "03", "Boleta de venta"
    CREDIT_NOTE = "07", "Nota de crédito"


class PaymentTerms(models.TextChoices):
    CASH = "contado", "Contado"
    CREDIT = "credito", "Crédito"


class Affectation(models.TextChoices):
    TAXED = "10", "Gravado"
    EXEMPT = "20", "Exonerado"
    UNAFFECTED = "30", "Inafecto"


class PurchaseDocument(CompanyOwned):
    supplier = models.ForeignKey("masterdata.Supplier", verbose_name="proveedor", on_delete=models.PROTECT,
                                 related_name="+")
    doc_type = models.CharField("tipo", max_length=2, choices=PurchaseType.choices)
    series = models.CharField("serie", max_length=4)
    number = models.PositiveIntegerField("número")
    issue_date = models.DateField("fecha de emisión")
    due_date = models.DateField("fecha de vencimiento", null=True, blank=True)
    currency = models.CharField("moneda", max_length=3, default="PEN")
    exchange_rate = models.DecimalField("tipo de cambio", max_digits=8, decimal_places=3, default=Decimal("1"))
    payment_terms = models.CharField("forma de pago", max_length=10, choices=PaymentTerms.choices,
                                     default=PaymentTerms.CASH)
    warehouse = models.ForeignKey("inventory.Warehouse", verbose_name="almacén", on_delete=models.PROTECT,
                                  related_name="+")
    reference = models.ForeignKey("self", verbose_name="documento que modifica", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="credit_notes")
    igv_percent = models.DecimalField("IGV %", max_digits=5, decimal_places=2, default=Decimal("18"))
    gravadas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    exoneradas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    inafectas = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    igv = models.DecimalField("IGV", max_digits=14, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField("importe total", max_digits=14, decimal_places=2, default=Decimal("0"))
    stated_total = models.DecimalField("total según el documento", max_digits=14, decimal_places=2)
    notes = models.CharField("observaciones", max_length=300, blank=True, default="")
    xml = models.BinaryField("XML del proveedor", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "documento de compra"
        verbose_name_plural = "documentos de compra"
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "supplier", "doc_type", "series", "number"],
                                    name="purchase_unique_supplier_document"),
        ]
        indexes = [models.Index(fields=["company", "issue_date"], name="purchase_company_date"),
                   models.Index(fields=["company", "supplier", "payment_terms"], name="purchase_company_supplier")]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.document_id}"

    @property
    def document_id(self) -> str:
        return f"{self.series}-{self.number}"

    @property
    def is_note(self) -> bool:
        return self.doc_type == PurchaseType.CREDIT_NOTE


class PurchaseLine(models.Model):
    document = models.ForeignKey(PurchaseDocument, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    product = models.ForeignKey("masterdata.Product", verbose_name="producto", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    description = models.CharField("descripción", max_length=250)
    quantity = models.DecimalField("cantidad", max_digits=18, decimal_places=4)
    unit_cost = models.DecimalField("valor unitario", max_digits=16, decimal_places=4)
    affectation = models.CharField("afectación del IGV", max_length=2, choices=Affectation.choices,
                                   default=Affectation.TAXED)
    base = models.DecimalField(max_digits=14, decimal_places=2)
    igv = models.DecimalField(max_digits=14, decimal_places=2)
    total = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["position"]


class SupplierPayment(CompanyOwned):
    """A payment to a supplier against one purchase on credit (full or partial)."""

    document = models.ForeignKey(PurchaseDocument, verbose_name="documento", on_delete=models.PROTECT,
                                 related_name="payments")
    date = models.DateField("fecha")
    amount = models.DecimalField("monto", max_digits=14, decimal_places=2)
    method = models.CharField("medio de pago", max_length=30, default="transferencia")
    reference = models.CharField("referencia", max_length=60, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pago a proveedor"
        verbose_name_plural = "pagos a proveedores"
        ordering = ["date", "id"]


class SupplierProductCode(CompanyOwned):
    """The supplier's own code for one of our products, remembered from an XML import."""

    supplier = models.ForeignKey("masterdata.Supplier", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=60)
    product = models.ForeignKey("masterdata.Product", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["supplier", "code"], name="supplier_code_unique")]
