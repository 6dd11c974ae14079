"""A minimal stock ledger: warehouses and signed stock movements (issue 9 values it into a kardex).

Stock on hand is the sum of movements; nothing stores a running balance that could drift.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from yupana.companies.models import CompanyOwned

QUANTITY_PLACES = 4


class Warehouse(CompanyOwned):
    """A place where stock is kept. Each company has one default warehouse (created on first use)."""

    name = models.CharField("nombre", max_length=100)
    is_default = models.BooleanField("predeterminado", default=False)

    class Meta:
        verbose_name = "almacén"
        verbose_name_plural = "almacenes"
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["company"], condition=models.Q(is_default=True),
                                    name="warehouse_one_default_per_company"),
        ]

    def __str__(self) -> str:
        return self.name


class MovementKind(models.TextChoices):
    SALE = "venta", "Venta"
    SALE_RETURN = "devolucion_venta", "Devolución de venta"
    SALE_VOID = "anulacion_venta", "Anulación de venta"
    PURCHASE = "compra", "Compra"
    ADJUSTMENT = "ajuste", "Ajuste"
    OPENING = "inicial", "Saldo inicial"


class StockMovement(CompanyOwned):
    """One signed change of stock: negative out (a sale), positive in (a return, a purchase).

    ``source_model``/``source_id`` point at the document that caused it without a hard dependency
    (sales today, purchases and adjustments in issue 9); ``source_label`` is what a user reads.
    """

    product = models.ForeignKey("masterdata.Product", verbose_name="producto", on_delete=models.PROTECT,
                                related_name="+")
    warehouse = models.ForeignKey(Warehouse, verbose_name="almacén", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("fecha")
    kind = models.CharField("tipo", max_length=20, choices=MovementKind.choices)
    quantity = models.DecimalField("cantidad", max_digits=18, decimal_places=QUANTITY_PLACES)
    unit_cost = models.DecimalField("costo unitario", max_digits=18, decimal_places=4, default=Decimal("0"))
    source_model = models.CharField(max_length=60, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField("documento", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "movimiento de stock"
        verbose_name_plural = "movimientos de stock"
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["company", "product", "warehouse"], name="stock_company_product"),
            models.Index(fields=["source_model", "source_id"], name="stock_source"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} ({self.source_label})"
