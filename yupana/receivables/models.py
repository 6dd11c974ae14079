"""What customers owe (one row per cuota), what they paid, and how each payment was applied.

A ``Receivable`` is opened when a credit document is issued (``services.receivables_on_issue``),
reduced by credit notes (``ReceivableCredit``) and by payment applications. ``paid``, ``credited``
and ``balance`` are kept on the row (refreshed from their detail rows inside the same transaction)
so statements, aging and credit checks are single indexed aggregates.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from yupana.companies.models import CompanyOwned, Policy

ZERO = Decimal("0.00")


class Currency(models.TextChoices):
    PEN = "PEN", "Soles (S/)"
    USD = "USD", "Dólares (US$)"


class Receivable(CompanyOwned):
    """One cuota of a credit document: amount, due date and what is left to collect."""

    document = models.ForeignKey("sales.SaleDocument", verbose_name="comprobante", on_delete=models.PROTECT,
                                 related_name="receivables")
    customer = models.ForeignKey("masterdata.Customer", verbose_name="cliente", on_delete=models.PROTECT,
                                 related_name="+")
    position = models.PositiveSmallIntegerField("cuota")
    issue_date = models.DateField("fecha de emisión")
    due_date = models.DateField("vencimiento")
    currency = models.CharField("moneda", max_length=3, choices=Currency.choices, default=Currency.PEN)
    # Soles per unit of ``currency`` (1 for PEN): the document's rate, used to total in soles.
    rate = models.DecimalField("tipo de cambio", max_digits=8, decimal_places=4, default=Decimal("1"))
    amount = models.DecimalField("monto", max_digits=14, decimal_places=2)
    credited = models.DecimalField("notas de crédito", max_digits=14, decimal_places=2, default=ZERO)
    paid = models.DecimalField("cobrado", max_digits=14, decimal_places=2, default=ZERO)
    balance = models.DecimalField("saldo", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "cuota por cobrar"
        verbose_name_plural = "cuotas por cobrar"
        ordering = ["due_date", "issue_date", "document_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="receivable_unique_cuota"),
        ]
        indexes = [
            models.Index(fields=["company", "customer", "due_date"], name="receivable_customer_due"),
            models.Index(fields=["company", "due_date"], name="receivable_company_due",
                         condition=models.Q(balance__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.document.document_id} cuota {self.position}"

    @property
    def is_paid(self) -> bool:
        return self.balance <= 0

    @property
    def label(self) -> str:
        return f"{self.document.series_code}-{self.document.number} · cuota {self.position}"


class ReceivableCredit(CompanyOwned):
    """The part of a credit note that reduced a cuota (or, with no cuota, a balance in favour)."""

    note = models.ForeignKey("sales.SaleDocument", on_delete=models.PROTECT, related_name="receivable_credits")
    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="credits")
    customer = models.ForeignKey("masterdata.Customer", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    rate = models.DecimalField(max_digits=8, decimal_places=4, default=Decimal("1"))


class Method(models.TextChoices):
    CASH = "efectivo", "Efectivo"
    TRANSFER = "transferencia", "Transferencia"
    DEPOSIT = "deposito", "Depósito"
    WALLET = "yape_plin", "Yape / Plin"
    CARD = "tarjeta", "Tarjeta"
    CHEQUE = "cheque", "Cheque"


class Payment(CompanyOwned):
    """A cobranza: money received from a customer, applied to cuotas; the rest is a balance in favour."""

    number = models.PositiveIntegerField("número de recibo")
    customer = models.ForeignKey("masterdata.Customer", verbose_name="cliente", on_delete=models.PROTECT,
                                 related_name="+")
    date = models.DateField("fecha")
    method = models.CharField("medio de pago", max_length=14, choices=Method.choices)
    reference = models.CharField("referencia", max_length=60, blank=True)
    currency = models.CharField("moneda", max_length=3, choices=Currency.choices, default=Currency.PEN)
    exchange_rate = models.DecimalField("tipo de cambio", max_digits=8, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField("importe", max_digits=14, decimal_places=2)
    # Part of ``amount`` (payment currency) not applied to any cuota: the customer's balance in favour.
    unapplied = models.DecimalField("saldo a favor", max_digits=14, decimal_places=2, default=ZERO)
    notes = models.CharField("observaciones", max_length=250, blank=True)
    # One per form render: the same form posted twice records one payment.
    token = models.CharField(max_length=40, blank=True)

    reversed_at = models.DateTimeField("anulado", null=True, blank=True)
    reversal_reason = models.CharField("motivo de la anulación", max_length=250, blank=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cobranza"
        verbose_name_plural = "cobranzas"
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["company", "number"], name="payment_unique_number"),
            models.UniqueConstraint(fields=["company", "token"], condition=~models.Q(token=""),
                                    name="payment_unique_token"),
        ]
        indexes = [models.Index(fields=["company", "customer", "date"], name="payment_customer_date")]

    def __str__(self) -> str:
        return f"Recibo N° {self.number:06d}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None

    @property
    def rate_to_pen(self) -> Decimal:
        return self.exchange_rate if self.currency == Currency.USD else Decimal("1")


class PaymentApplication(models.Model):
    """How much of a payment went to one cuota (in the cuota's and in the payment's currency)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="applications")
    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, related_name="applications")
    amount = models.DecimalField("aplicado", max_digits=14, decimal_places=2)  # receivable currency
    payment_amount = models.DecimalField(max_digits=14, decimal_places=2)  # payment currency

    class Meta:
        ordering = ["id"]


class ReceivablesSettings(models.Model):
    """Per-company rules: overdue customers at sale time and e-mail reminders."""

    company = models.OneToOneField("companies.Company", on_delete=models.CASCADE, related_name="+")
    overdue_policy = models.CharField("venta a clientes con cuotas vencidas", max_length=10,
                                      choices=[*Policy.choices, ("permitir", "Permitir sin aviso")],
                                      default=Policy.WARN)
    reminders_enabled = models.BooleanField("enviar recordatorios por correo", default=False)
    days_before = models.CharField("días antes del vencimiento", max_length=40, default="3",
                                   help_text="Uno o más números separados por comas, p. ej. 3 o 7,1.")
    days_after = models.CharField("días después del vencimiento", max_length=40, default="1,7,15",
                                  help_text="Uno o más números separados por comas, p. ej. 1,7,15.")
    subject = models.CharField("asunto", max_length=150,
                               default="Recordatorio de pago - {empresa}")
    text = models.TextField("texto", default=(
        "Estimado cliente {cliente}:\n\n{detalle}\n\nPuede ver su estado de cuenta en:\n{enlace}\n\n"
        "Si ya realizó el pago, por favor ignore este mensaje.\n\nAtentamente,\n{empresa}"))

    class Meta:
        verbose_name = "configuración de cobranzas"


class Reminder(CompanyOwned):
    """One reminder e-mail about one cuota (unique per offset, so a rerun never sends twice)."""

    receivable = models.ForeignKey(Receivable, on_delete=models.CASCADE, related_name="reminders")
    customer = models.ForeignKey("masterdata.Customer", on_delete=models.PROTECT, related_name="+")
    offset_days = models.SmallIntegerField()  # negative: before the due date
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    to = models.CharField(max_length=400)
    ok = models.BooleanField(default=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["receivable", "offset_days"], name="reminder_unique_offset"),
        ]


class StatementLink(CompanyOwned):
    """The private link a customer opens to see their statement (an unguessable token)."""

    customer = models.OneToOneField("masterdata.Customer", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)


class StatementRun(CompanyOwned):
    """A multi-customer statement job (ZIP of PDFs or one workbook) with its progress."""

    class Format(models.TextChoices):
        PDF = "pdf", "ZIP con un PDF por cliente"
        XLSX = "xlsx", "Un libro Excel (una hoja por cliente)"

    class Status(models.TextChoices):
        PENDING = "pendiente", "En cola"
        RUNNING = "procesando", "Procesando"
        DONE = "listo", "Listo"
        FAILED = "fallido", "Falló"

    fmt = models.CharField("formato", max_length=4, choices=Format.choices, default=Format.PDF)
    filters = models.JSONField(default=dict)
    date_from = models.DateField()
    date_to = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)
