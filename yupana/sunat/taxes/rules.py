"""One small rule per figure of a line, each named after what it computes.

All amounts are rounded here with :func:`yupana.sunat.money.round_amount` (half up, 2 places);
unit values derived from a price with IGV keep 10 decimals.
"""

from __future__ import annotations

from decimal import Decimal

from ..catalogs import Affectation
from ..money import UNIT_VALUE_PLACES, ZERO, round_amount
from ..model import Line

HUNDRED = Decimal("100")


def unit_value(line: Line, igv_percent: Decimal) -> Decimal:
    """Valor unitario without taxes: given, or taken out of the price with IGV (and ISC)."""
    if line.unit_value is not None:
        return line.unit_value
    divisor = Decimal(1)
    if line.affectation.taxed:
        divisor += igv_percent / HUNDRED
        if line.isc is not None:
            divisor *= 1 + line.isc.rate / HUNDRED
    return round_amount(line.unit_price / divisor, UNIT_VALUE_PLACES)


def keeps_stated_price(line: Line) -> bool:
    """A taxed, onerous line priced with IGV and nothing else on it: its total is qty x price."""
    return line.unit_price is not None and line.affectation.onerous and line.affectation.taxed and not (
        line.discount or line.isc or line.icbper
    )


def price_total(line: Line) -> Decimal:
    """Quantity x price with IGV: what the buyer pays for the line (S/ 2.20 stays 2.20)."""
    return round_amount(line.quantity * line.unit_price)


def value_in_price(total: Decimal, igv_percent: Decimal) -> Decimal:
    """The value inside a total with IGV; the IGV is the rest, within SUNAT's 1.00 tolerance."""
    return round_amount(total / (1 + igv_percent / HUNDRED))


def gross_value(line: Line, value: Decimal) -> Decimal:
    """Quantity x unit value, the base of the line discount."""
    return round_amount(line.quantity * value)


def line_value(gross: Decimal, discount: Decimal) -> Decimal:
    """LineExtensionAmount: gross value less the discount that lowers the base."""
    return gross - discount


def discount_factor(discount: Decimal, base: Decimal) -> Decimal:
    """MultiplierFactorNumeric: the discount as a fraction of its base, 5 decimals (SUNAT's limit)."""
    if not discount or not base:
        return ZERO
    return round_amount(discount / base, 5)


def isc_amount(line: Line, value: Decimal) -> Decimal:
    """ISC "al valor": a percent of the line value."""
    if line.isc is None:
        return ZERO
    return round_amount(value * line.isc.rate / HUNDRED)


def igv_base(value: Decimal, isc: Decimal) -> Decimal:
    """IGV is charged on the value plus ISC."""
    return value + isc


def igv_amount(affectation: Affectation, base: Decimal, igv_percent: Decimal) -> Decimal:
    """IGV of a line (also of a free 11-16 line, whose IGV the issuer bears)."""
    if not affectation.taxed:
        return ZERO
    return round_amount(base * igv_percent / HUNDRED)


def icbper_amount(bags: int, per_bag: Decimal) -> Decimal:
    """ICBPER: a fixed amount per plastic bag."""
    return round_amount(per_bag * bags)


def reference_price(line: Line, unit: Decimal, value_with_taxes: Decimal) -> Decimal:
    """PricingReference: unit price with taxes (code 01), or the unit reference value (02, free).

    SUNAT checks the price against (line value + line taxes) / quantity (rule 4287), so a
    discounted line shows its discounted price; a price the caller gave is kept when no
    discount changes it.
    """
    if not line.affectation.onerous:
        return unit
    if line.unit_price is not None and not line.discount:
        return line.unit_price
    return round_amount(value_with_taxes / line.quantity, UNIT_VALUE_PLACES)
