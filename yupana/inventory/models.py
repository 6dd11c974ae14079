"""The stock ledger: warehouses and valued stock movements (the kardex is read from them).

Stock on hand is the sum of movements and its value the sum of their ``value``: nothing stores a
balance that could drift. Each movement is valued when it is posted (perpetual weighted average):
an entry at its own cost, an exit at the average of its product and warehouse at that moment. So
the kardex's running value is a plain running sum, and stock value a plain ``SUM``.
Movements are never edited: a mistake is undone by a reversing movement (``reverses``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from yupana.companies.models import CompanyOwned

QUANTITY_PLACES = 4
COST_PLACES = 4
VALUE_PLACES = 2


class Warehouse(CompanyOwned):
    """A place where stock is kept. Each company has one default warehouse (created on first use)."""

    name = models.CharField("nombre", max_length=100)
    is_default = models.BooleanField("predeterminado", default=False)
    address = models.CharField("dirección", max_length=200, blank=True, default="")
    is_active = models.BooleanField("activo", default=True)

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
    PURCHASE_RETURN = "devolucion_compra", "Devolución de compra"
    ADJUSTMENT = "ajuste", "Ajuste"
    TRANSFER_IN = "transferencia_entrada", "Transferencia (entrada)"
    TRANSFER_OUT = "transferencia_salida", "Transferencia (salida)"
    OPENING = "inicial", "Saldo inicial"


# SUNAT's table 12 codes (tipo de operación) for each kind and adjustment reason: exports.OPERATION.


class AdjustmentReason(models.TextChoices):
    SHRINKAGE = "merma", "Merma"
    THEFT = "robo", "Robo o pérdida"
    COUNT = "conteo", "Conteo físico"
    DAMAGE = "deterioro", "Deterioro"
    OWN_USE = "consumo", "Consumo interno"
    OTHER = "otro", "Otro"


class StockMovement(CompanyOwned):
    """One signed change of stock: negative out (a sale), positive in (a return, a purchase).

    ``value`` is signed like ``quantity`` (soles, 2 decimals); ``unit_cost`` is the cost per unit it
    was valued at. ``source_model``/``source_id`` point at the document that caused it without a hard
    dependency; ``source_label`` is what a user reads.
    """

    product = models.ForeignKey("masterdata.Product", verbose_name="producto", on_delete=models.PROTECT,
                                related_name="+")
    warehouse = models.ForeignKey(Warehouse, verbose_name="almacén", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("fecha")
    kind = models.CharField("tipo", max_length=24, choices=MovementKind.choices)
    quantity = models.DecimalField("cantidad", max_digits=18, decimal_places=QUANTITY_PLACES)
    unit_cost = models.DecimalField("costo unitario", max_digits=18, decimal_places=COST_PLACES, default=Decimal("0"))
    value = models.DecimalField("valor", max_digits=18, decimal_places=VALUE_PLACES, default=Decimal("0"))
    source_model = models.CharField(max_length=60, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField("documento", max_length=40, blank=True)
    reason = models.CharField("motivo", max_length=20, choices=AdjustmentReason.choices, blank=True, default="")
    notes = models.CharField("observación", max_length=200, blank=True, default="")
    reverses = models.OneToOneField("self", verbose_name="revierte a", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "movimiento de stock"
        verbose_name_plural = "movimientos de stock"
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["company", "product", "warehouse"], name="stock_company_product"),
            models.Index(fields=["source_model", "source_id"], name="stock_source"),
            models.Index(fields=["product", "date", "id"], name="stock_product_date"),
            # PostgreSQL only (others skip it): the kardex's totals and running sums read the index alone
            models.Index(fields=["product", "date", "id"], include=["company", "warehouse", "quantity", "value"],
                         name="stock_product_date_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} ({self.source_label})"


class StockMinimum(CompanyOwned):
    """The minimum a product should keep (all warehouses together); below it the dashboard warns."""

    product = models.OneToOneField("masterdata.Product", verbose_name="producto", on_delete=models.CASCADE,
                                   related_name="stock_minimum")
    minimum = models.DecimalField("stock mínimo", max_digits=18, decimal_places=QUANTITY_PLACES)

    class Meta:
        verbose_name = "stock mínimo"
        verbose_name_plural = "stocks mínimos"


class StockBalance(CompanyOwned):
    """Units and value on hand of one product in one warehouse: the running total of its movements.

    Written only by ``services`` in the same transaction as each movement (under the product's row
    lock), so it always equals the ledger's sums (``services.balances_verify`` checks it). It makes
    stock on hand one indexed read instead of a sum over every movement.
    """

    product = models.ForeignKey("masterdata.Product", on_delete=models.CASCADE, related_name="+")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(max_digits=18, decimal_places=QUANTITY_PLACES, default=Decimal("0"))
    value = models.DecimalField(max_digits=18, decimal_places=VALUE_PLACES, default=Decimal("0"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "warehouse"], name="stock_balance_unique")]
        indexes = [models.Index(fields=["company", "warehouse"], name="stock_balance_company")]
