"""Facturas, boletas and notes as the caller states them (no computed amounts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from .. import catalogs
from ..catalogs import CreditNoteReason, Currency, DebitNoteReason, DocumentType
from ..money import AMOUNT_PLACES
from . import checks
from .checks import set_
from .errors import ValidationError
from .line import Line
from .party import Customer, Issuer


@dataclass(frozen=True, slots=True, kw_only=True)
class Installment:
    """A cuota of a sale on credit: amount and due date."""

    amount: Decimal
    due_date: date

    def __post_init__(self) -> None:
        set_(self, "amount", checks.decimal("amount", self.amount, places=AMOUNT_PLACES, positive=True))
        if not isinstance(self.due_date, date) or isinstance(self.due_date, datetime):
            raise ValidationError("due_date", "fecha inválida (use AAAA-MM-DD)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Detraccion:
    """SPOT: goods/service code (catalog 54), rate in percent and the Banco de la Nación account.

    The amount is computed (total x rate, in soles); ``payment_means`` is catalog 59 (001 depósito).
    """

    code: str
    rate: Decimal
    account: str
    payment_means: str = "001"

    def __post_init__(self) -> None:
        try:
            set_(self, "code", catalogs.detraccion_good(self.code))
        except catalogs.UnknownCode as exc:
            raise ValidationError("code", str(exc)) from None
        set_(self, "rate", checks.decimal("rate", self.rate, places=2, positive=True))
        if self.rate >= 100:
            raise ValidationError("rate", "debe ser un porcentaje menor que 100")
        account = checks.text("account", self.account, max_length=20)
        if not re.fullmatch(r"[0-9-]{1,20}", account):
            raise ValidationError("account", "cuenta del Banco de la Nación inválida (solo dígitos)")
        set_(self, "account", account)
        try:
            set_(self, "payment_means", catalogs.payment_means(self.payment_means))
        except catalogs.UnknownCode as exc:
            raise ValidationError("payment_means", str(exc)) from None


LIMA = ZoneInfo("America/Lima")


def _check_sale(doc, series_letters: str) -> None:
    """Checks shared by invoices and notes."""
    set_(doc, "series", checks.series("series", doc.series, series_letters))
    set_(doc, "number", checks.number("number", doc.number))
    if isinstance(doc.issue_date, datetime):
        # An aware moment becomes Lima's date and time; a naive one is ambiguous.
        if doc.issue_date.tzinfo is None:
            raise ValidationError("issue_date", "fecha y hora sin zona horaria: use una fecha o una hora con zona (America/Lima)")
        moment = doc.issue_date.astimezone(LIMA)
        set_(doc, "issue_date", moment.date())
        if doc.issue_time is None:
            set_(doc, "issue_time", moment.time().replace(microsecond=0, tzinfo=None))
    if not isinstance(doc.issue_date, date):
        raise ValidationError("issue_date", "fecha de emisión inválida")
    if doc.issue_time is not None and not isinstance(doc.issue_time, time):
        raise ValidationError("issue_time", "hora de emisión inválida")
    if not isinstance(doc.issuer, Issuer):
        raise ValidationError("issuer", "es obligatorio")
    if not isinstance(doc.customer, Customer):
        raise ValidationError("customer", "es obligatorio")
    set_(doc, "currency", checks.coded("currency", Currency, doc.currency))
    lines = tuple(doc.lines)
    if not lines:
        raise ValidationError("lines", "el comprobante debe tener al menos una línea")
    for index, line in enumerate(lines):
        if not isinstance(line, Line):
            raise ValidationError(f"lines[{index}]", "línea inválida")
    set_(doc, "lines", lines)


@dataclass(frozen=True, slots=True, kw_only=True)
class Invoice:
    """A factura (01) or boleta (03).

    ``installments`` empty means Contado; otherwise Crédito with those cuotas. ``global_discount``
    is an amount off the taxed (gravada) base (catalog 53 code 02).
    """

    doc_type: DocumentType
    series: str
    number: int
    issue_date: date
    issuer: Issuer
    customer: Customer
    lines: tuple[Line, ...]
    issue_time: time | None = None
    currency: Currency = Currency.PEN
    due_date: date | None = None
    operation_type: str = "0101"
    global_discount: Decimal = Decimal("0")
    installments: tuple[Installment, ...] = ()
    detraccion: Detraccion | None = None
    order_reference: str = ""

    def __post_init__(self) -> None:
        doc_type = checks.coded("doc_type", DocumentType, self.doc_type)
        if doc_type not in (DocumentType.FACTURA, DocumentType.BOLETA):
            raise ValidationError("doc_type", "un Invoice es factura (01) o boleta (03)")
        set_(self, "doc_type", doc_type)
        _check_sale(self, doc_type.series_letter)
        try:
            set_(self, "operation_type", catalogs.operation_type(self.operation_type))
        except catalogs.UnknownCode as exc:
            raise ValidationError("operation_type", str(exc)) from None
        set_(self, "global_discount", checks.decimal("global_discount", self.global_discount, places=AMOUNT_PLACES))
        installments = tuple(self.installments)
        for index, item in enumerate(installments):
            if not isinstance(item, Installment):
                raise ValidationError(f"installments[{index}]", "cuota inválida")
            if item.due_date <= self.issue_date:
                raise ValidationError(f"installments[{index}].due_date", "la cuota debe vencer después de la fecha de emisión")
        set_(self, "installments", installments)
        if installments and doc_type is DocumentType.BOLETA:
            raise ValidationError("installments", "una boleta no lleva forma de pago (regla 3128): emita factura para ventas al crédito")
        if self.due_date is not None and (
            not isinstance(self.due_date, date) or isinstance(self.due_date, datetime) or self.due_date < self.issue_date
        ):
            raise ValidationError("due_date", "la fecha de vencimiento no puede ser anterior a la de emisión")
        set_(self, "order_reference", checks.text("order_reference", self.order_reference, max_length=20, required=False))
        is_detraccion = self.operation_type in catalogs.DETRACCION_OPERATIONS
        if is_detraccion and self.detraccion is None:
            raise ValidationError("detraccion", f"la operación {self.operation_type} exige los datos de la detracción")
        if self.detraccion is not None and not is_detraccion:
            raise ValidationError("operation_type", "una venta con detracción usa el tipo de operación 1001")
        is_export = self.operation_type in catalogs.EXPORT_OPERATIONS
        for index, line in enumerate(self.lines):
            if is_export != (line.affectation is catalogs.Affectation.EXPORTACION):
                raise ValidationError(
                    f"lines[{index}].affectation",
                    "en una exportación todas las líneas son 40 (exportación), y solo en ella",
                )
        if doc_type is DocumentType.FACTURA and self.customer.doc_type is not catalogs.IdentityType.RUC and not is_export:
            raise ValidationError("customer.doc_type", "una factura exige el RUC del cliente (tipo 6)")
        if is_export and self.customer.doc_type is catalogs.IdentityType.RUC:
            raise ValidationError("customer.doc_type", "en una exportación el cliente no es un RUC peruano (regla 2800)")

    @property
    def id(self) -> str:
        return f"{self.series}-{self.number}"


# Reasons whose notes need data this model does not carry (13: new cuotas; 12: IVAP).
_UNSUPPORTED_REASONS = {DocumentType.CREDIT_NOTE: {"12", "13"}, DocumentType.DEBIT_NOTE: {"12"}}


@dataclass(frozen=True, slots=True, kw_only=True)
class Note:
    """A credit (07) or debit (08) note on a factura or boleta.

    Its series starts with F when it refers to a factura and with B when it refers to a boleta.
    """

    doc_type: DocumentType
    series: str
    number: int
    issue_date: date
    issuer: Issuer
    customer: Customer
    lines: tuple[Line, ...]
    reason: CreditNoteReason | DebitNoteReason
    reason_text: str
    reference_type: DocumentType
    reference_id: str
    issue_time: time | None = None
    currency: Currency = Currency.PEN
    operation_type: str = "0101"

    def __post_init__(self) -> None:
        doc_type = checks.coded("doc_type", DocumentType, self.doc_type)
        if doc_type not in (DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE):
            raise ValidationError("doc_type", "una nota es de crédito (07) o de débito (08)")
        set_(self, "doc_type", doc_type)
        reference_type = checks.coded("reference_type", DocumentType, self.reference_type)
        if reference_type not in (DocumentType.FACTURA, DocumentType.BOLETA):
            raise ValidationError("reference_type", "la nota modifica una factura (01) o una boleta (03)")
        set_(self, "reference_type", reference_type)
        _check_sale(self, reference_type.series_letter)
        reason_enum = CreditNoteReason if doc_type is DocumentType.CREDIT_NOTE else DebitNoteReason
        set_(self, "reason", checks.coded("reason", reason_enum, self.reason))
        if self.reason.value in _UNSUPPORTED_REASONS[doc_type]:
            raise ValidationError("reason", f"el motivo {self.reason.value} no está soportado (cuotas de nota o IVAP)")
        if reference_type is DocumentType.FACTURA and self.customer.doc_type is not catalogs.IdentityType.RUC and self.operation_type not in catalogs.EXPORT_OPERATIONS:
            raise ValidationError("customer.doc_type", "una nota de una factura exige el RUC del cliente (tipo 6)")
        set_(self, "reason_text", checks.text("reason_text", self.reason_text, max_length=checks.MAX_REASON))
        ref = checks.text("reference_id", self.reference_id, max_length=13)
        letter = reference_type.series_letter
        if not re.fullmatch(rf"{letter}[A-Z0-9]{{3}}-[1-9][0-9]{{0,7}}", ref):
            raise ValidationError("reference_id", f"documento de referencia inválido {ref!r} (serie-número, p. ej. {letter}001-123)")
        set_(self, "reference_id", ref)
        try:
            set_(self, "operation_type", catalogs.operation_type(self.operation_type))
        except catalogs.UnknownCode as exc:
            raise ValidationError("operation_type", str(exc)) from None
        # The note sheets observe item descriptions under 3 characters (4084); the credit-note one
        # also observes line breaks in them.
        for index, line in enumerate(self.lines):
            if len(line.description) < 3:
                raise ValidationError(f"lines[{index}].description", "en una nota debe tener al menos 3 caracteres")
            if doc_type is DocumentType.CREDIT_NOTE and "\n" in line.description:
                raise ValidationError(f"lines[{index}].description", "en una nota de crédito va en una sola línea")

    @property
    def id(self) -> str:
        return f"{self.series}-{self.number}"
