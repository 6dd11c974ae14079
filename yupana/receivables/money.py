"""Rounding and currency conversion for collections: one rounding mode, amounts as Decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(value: Decimal) -> Decimal:
    """Half up to the cent, as SUNAT rounds amounts.

    >>> round_money(Decimal("10.005"))
    Decimal('10.01')
    """
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def convert(amount: Decimal, *, source: str, target: str, rate: Decimal | None) -> Decimal:
    """``amount`` in ``source`` currency expressed in ``target``; ``rate`` is soles per dollar.

    >>> convert(Decimal("10"), source="USD", target="PEN", rate=Decimal("3.75"))
    Decimal('37.50')
    >>> convert(Decimal("37.50"), source="PEN", target="USD", rate=Decimal("3.75"))
    Decimal('10.00')
    """
    if source == target:
        return round_money(amount)
    if not rate:
        raise ValueError("exchange rate required")
    if source == "USD":
        return round_money(amount * rate)
    return round_money(amount / rate)


def symbol(currency: str) -> str:
    return "US$" if currency == "USD" else "S/"


def fmt(amount: Decimal, currency: str = "PEN") -> str:
    """``S/ 1,234.50`` for messages (the templates use the ``money`` filter)."""
    return f"{symbol(currency)} {amount:,.2f}"
