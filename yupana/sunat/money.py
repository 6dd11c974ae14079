"""Decimal helpers: one rounding mode, named places, exact formatting.

SUNAT amounts carry two decimals; quantities and unit values up to ten. Every figure the tax
engine produces goes through :func:`round_amount`, so rounding never hides in a template.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: Rounding mode of every SUNAT amount (half away from zero, as SUNAT's own SFS does).
ROUNDING = ROUND_HALF_UP
AMOUNT_PLACES = 2
QUANTITY_PLACES = 10
UNIT_VALUE_PLACES = 10

ZERO = Decimal("0")
CENT = Decimal("0.01")
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(0, 11)}


def round_amount(value: Decimal, places: int = AMOUNT_PLACES) -> Decimal:
    """Round ``value`` to ``places`` decimals with SUNAT's rounding (half up)."""
    return value.quantize(_STEPS[places], rounding=ROUNDING)


def decimal_places(value: Decimal) -> int:
    """Number of significant decimals of ``value`` (``Decimal("1.50")`` has 1)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def to_decimal(value: object) -> Decimal:
    """Convert ``value`` (str, int or Decimal; never float) to a finite Decimal or raise ValueError."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("use texto o Decimal, nunca float")
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"número inválido: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"número inválido: {value!r}")
    return result


def format_amount(value: Decimal, places: int = AMOUNT_PLACES) -> str:
    """Exact text of an already rounded amount with fixed ``places`` ("12.50")."""
    return f"{value:.{places}f}"


def format_plain(value: Decimal) -> str:
    """Shortest exact text of ``value``, no exponent ("2", "0.5", "12.3456")."""
    text = f"{value.normalize():f}"
    return text
