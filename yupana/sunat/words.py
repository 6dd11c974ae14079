"""The amount in words of legend 1000: ``MIL DOSCIENTOS TREINTA Y CUATRO CON 56/100 SOLES``."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from num2words import num2words

from .catalogs import Currency
from .money import round_amount


@lru_cache(maxsize=4096)  # num2words costs ~10 µs; totals repeat a lot
def amount_in_words(amount: Decimal, currency: Currency | str = Currency.PEN) -> str:
    """Integer part in Spanish words, cents as NN/100, then the currency name, in capitals.

    >>> amount_in_words(Decimal("1234.56"))
    'MIL DOSCIENTOS TREINTA Y CUATRO CON 56/100 SOLES'
    >>> amount_in_words(Decimal("0.50"), "USD")
    'CERO CON 50/100 DÓLARES AMERICANOS'
    """
    amount = round_amount(Decimal(amount))
    if amount < 0:
        raise ValueError("el importe en letras no admite montos negativos")
    integer = int(amount)
    cents = int((amount - integer) * 100)
    text = num2words(integer, lang="es").upper()
    return f"{text} CON {cents:02d}/100 {Currency.of(currency).words}"
