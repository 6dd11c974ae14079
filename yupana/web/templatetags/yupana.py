"""Template filters of the shell: money as Peruvians write it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

CURRENCY_SYMBOLS = {"PEN": "S/", "USD": "US$", "EUR": "€"}


@register.filter
def money(value, currency: str = "PEN") -> str:
    """1234.5 -> "S/ 1,234.50"; with "USD" -> "US$ 1,234.50"; negatives as "-S/ 12.00"; empty stays empty."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    symbol = CURRENCY_SYMBOLS.get(str(currency).upper(), str(currency).upper())
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol} {abs(amount):,.2f}"


@register.filter
def price(value) -> str:
    """A unit price as invoices print it: at least two decimals, more only when the price has them
    (4.2 -> "4.20", 0.125 -> "0.125", 1234.5 -> "1,234.50"); the tax engine keeps up to ten."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    places = max(2, -amount.normalize().as_tuple().exponent)
    return f"{amount:,.{places}f}"


@register.filter
def field_label(form, name):
    return form[name].label


@register.filter
def audit_change(change) -> str:
    """An audit `changes` value: [old, new] as "old → new", anything else as text."""
    def show(value):
        if value is None or value == "":
            return "—"
        if value is True:
            return "sí"
        if value is False:
            return "no"
        return str(value)

    if isinstance(change, (list, tuple)) and len(change) == 2:
        return f"{show(change[0])} → {show(change[1])}"
    if isinstance(change, (list, tuple)):
        return ", ".join(show(v) for v in change)
    return show(change)
