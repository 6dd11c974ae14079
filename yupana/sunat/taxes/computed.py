"""What the engine produces: every figure a document prints, already rounded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..catalogs import Affectation, Legend, TaxScheme
from ..model import Invoice, Line, Note


@dataclass(frozen=True, slots=True)
class TaxSubtotal:
    """One ``cac:TaxSubtotal``: a scheme's taxable amount and tax.

    ``percent`` is the rate in percent; ``affectation`` is set on lines (catalog 07); ``bags`` and
    ``per_unit`` are set for ICBPER.
    """

    scheme: TaxScheme
    taxable: Decimal
    amount: Decimal
    percent: Decimal | None = None
    affectation: Affectation | None = None
    bags: int = 0
    per_unit: Decimal | None = None
    isc_system: str | None = None


@dataclass(frozen=True, slots=True)
class ComputedLine:
    """A line with its figures: ``value`` is its LineExtensionAmount (valor de venta)."""

    line: Line
    position: int
    unit_value: Decimal  # cac:Price/cbc:PriceAmount (0 on free lines)
    reference_price: Decimal  # cac:PricingReference amount
    reference_code: str  # catalog 16: 01 unit price with taxes, 02 reference value (free)
    gross: Decimal  # quantity x unit value, before the line discount
    discount: Decimal
    discount_factor: Decimal  # MultiplierFactorNumeric of the discount (5 decimals)
    value: Decimal
    igv_base: Decimal
    igv: Decimal
    isc: Decimal
    icbper: Decimal
    subtotals: tuple[TaxSubtotal, ...]

    @property
    def tax_total(self) -> Decimal:
        return sum((sub.amount for sub in self.subtotals), Decimal("0"))


@dataclass(frozen=True, slots=True)
class Totals:
    """Header figures (LegalMonetaryTotal and TaxTotal)."""

    gravadas: Decimal
    exoneradas: Decimal
    inafectas: Decimal
    exportacion: Decimal
    gratuitas: Decimal
    igv: Decimal
    igv_gratuitas: Decimal
    isc: Decimal
    icbper: Decimal
    global_discount: Decimal
    global_discount_base: Decimal
    global_discount_factor: Decimal
    line_extension: Decimal
    tax_total: Decimal
    tax_inclusive: Decimal
    payable: Decimal
    subtotals: tuple[TaxSubtotal, ...]


@dataclass(frozen=True, slots=True)
class Computed:
    """A factura, boleta or note with every amount, ready to render.

    ``pending`` is the amount on credit (PayableAmount less the detracción), ``legends`` pairs
    of (catalog 52 code, text).
    """

    doc: Invoice | Note
    igv_percent: Decimal
    lines: tuple[ComputedLine, ...]
    totals: Totals
    legends: tuple[tuple[Legend, str], ...]
    detraccion_amount: Decimal
    pending: Decimal
