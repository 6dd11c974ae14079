"""Daily summary (RC) and voided-documents communication (RA)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ..catalogs import Currency, DocumentType, SummaryStatus
from ..money import AMOUNT_PLACES
from . import checks
from .checks import set_
from .documents import LIMA
from .errors import ValidationError
from .party import Customer, Issuer

_AMOUNTS = ("total", "gravadas", "exoneradas", "inafectas", "exportacion", "gratuitas", "igv", "isc", "icbper")


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryLine:
    """One boleta or boleta note in an RC, with its totals.

    Build it from a computed document with ``yupana.sunat.taxes.summary_line(computed, status)``
    so its amounts are the ones the document carried.
    """

    doc_type: DocumentType
    series: str
    number: int
    status: SummaryStatus
    currency: Currency
    total: Decimal
    customer: Customer | None = None
    gravadas: Decimal = Decimal("0")
    exoneradas: Decimal = Decimal("0")
    inafectas: Decimal = Decimal("0")
    exportacion: Decimal = Decimal("0")
    gratuitas: Decimal = Decimal("0")
    igv: Decimal = Decimal("0")
    isc: Decimal = Decimal("0")
    icbper: Decimal = Decimal("0")
    igv_rate: Decimal = Decimal("18")
    reference_type: DocumentType | None = None
    reference_id: str = ""

    def __post_init__(self) -> None:
        doc_type = checks.coded("doc_type", DocumentType, self.doc_type)
        if doc_type is DocumentType.FACTURA:
            raise ValidationError("doc_type", "las facturas no van en el resumen diario: se anulan con una comunicación de baja (RA)")
        set_(self, "doc_type", doc_type)
        set_(self, "series", checks.series("series", self.series, "B"))
        set_(self, "number", checks.number("number", self.number))
        set_(self, "status", checks.coded("status", SummaryStatus, self.status))
        set_(self, "currency", checks.coded("currency", Currency, self.currency))
        for name in _AMOUNTS:
            set_(self, name, checks.decimal(name, getattr(self, name), places=AMOUNT_PLACES))
        if self.customer is not None and not isinstance(self.customer, Customer):
            raise ValidationError("customer", "cliente inválido")
        if self.total > 700 and (self.customer is None or self.customer.is_anonymous):
            raise ValidationError("customer", "una línea del resumen mayor a S/ 700 identifica al cliente (regla 2514)")
        if doc_type in (DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE):
            if not re.fullmatch(r"B[A-Z0-9]{3}-[1-9][0-9]{0,7}", self.reference_id or ""):
                raise ValidationError("reference_id", "una nota en el resumen indica la boleta que modifica (B001-123)")
            set_(self, "reference_type", checks.coded("reference_type", DocumentType, self.reference_type or "03"))

    @property
    def id(self) -> str:
        return f"{self.series}-{self.number}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """Resumen diario (RC): ``reference_date`` is the boletas' issue date, ``sequence`` the day's N."""

    issuer: Issuer
    issue_date: date
    reference_date: date
    sequence: int
    lines: tuple[SummaryLine, ...]

    def __post_init__(self) -> None:
        _check_batch(self, max_lines=500)

    @property
    def id(self) -> str:
        return f"RC-{self.issue_date:%Y%m%d}-{self.sequence}"


@dataclass(frozen=True, slots=True, kw_only=True)
class VoidedLine:
    """A factura or factura note to void, with the reason (up to 100 characters)."""

    doc_type: DocumentType
    series: str
    number: int
    reason: str

    def __post_init__(self) -> None:
        doc_type = checks.coded("doc_type", DocumentType, self.doc_type)
        set_(self, "doc_type", doc_type)
        if doc_type is DocumentType.BOLETA:
            raise ValidationError("doc_type", "las boletas se anulan en el resumen diario (RC, estado 3)")
        set_(self, "series", checks.series("series", self.series, "F"))
        set_(self, "number", checks.number("number", self.number))
        set_(self, "reason", checks.text("reason", self.reason, max_length=100, min_length=3))


@dataclass(frozen=True, slots=True, kw_only=True)
class Voided:
    """Comunicación de baja (RA) of facturas and their notes."""

    issuer: Issuer
    issue_date: date
    reference_date: date
    sequence: int
    lines: tuple[VoidedLine, ...]

    def __post_init__(self) -> None:
        _check_batch(self, max_lines=500)

    @property
    def id(self) -> str:
        return f"RA-{self.issue_date:%Y%m%d}-{self.sequence}"


def _check_batch(doc, *, max_lines: int) -> None:
    if not isinstance(doc.issuer, Issuer):
        raise ValidationError("issuer", "es obligatorio")
    for name in ("issue_date", "reference_date"):
        value = getattr(doc, name)
        if isinstance(value, datetime):  # the name and the ID carry Lima's date
            if value.tzinfo is None:
                raise ValidationError(name, "fecha y hora sin zona horaria: use una fecha (date)")
            object.__setattr__(doc, name, value.astimezone(LIMA).date())
        elif not isinstance(value, date):
            raise ValidationError(name, "fecha inválida")
    if doc.reference_date > doc.issue_date:
        raise ValidationError("reference_date", "no puede ser posterior a la fecha de generación")
    if isinstance(doc.sequence, bool) or not isinstance(doc.sequence, int) or not 1 <= doc.sequence <= 99999:
        raise ValidationError("sequence", "correlativo del día entre 1 y 99999")
    lines = tuple(doc.lines)
    if not lines:
        raise ValidationError("lines", "debe tener al menos una línea")
    if len(lines) > max_lines:
        raise ValidationError("lines", f"admite como máximo {max_lines} líneas")
    object.__setattr__(doc, "lines", lines)
