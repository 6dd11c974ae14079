"""RUC and DNI numbers, stdnum-style (``compact``, ``validate``, ``is_valid``).

RUC validation (length, prefix and check digit) is python-stdnum's ``stdnum.pe.ruc``; a DNI is
eight digits (its CUI check character is not printed on invoices, so it is not checked here).
Errors are stdnum's exceptions, whose class says what is wrong.
"""

from __future__ import annotations

from stdnum import exceptions as _exc
from stdnum.pe import ruc as _ruc
from stdnum.util import clean

InvalidChecksum = _exc.InvalidChecksum
InvalidFormat = _exc.InvalidFormat
InvalidLength = _exc.InvalidLength
InvalidComponent = _exc.InvalidComponent
ValidationError = _exc.ValidationError


def compact(number: str) -> str:
    """Strip spaces and separators: ``" 20100066603 "`` -> ``"20100066603"``."""
    return clean(number, " -.").strip()


def validate_ruc(number: str) -> str:
    """Return the compact RUC or raise an stdnum exception.

    >>> validate_ruc("20100066603")
    '20100066603'
    """
    return _ruc.validate(compact(number))


def is_valid_ruc(number: str) -> bool:
    try:
        validate_ruc(number)
    except ValidationError:
        return False
    return True


def validate_dni(number: str) -> str:
    """Return the compact DNI (8 digits) or raise an stdnum exception.

    >>> validate_dni("46027897")
    '46027897'
    """
    number = compact(number)
    if not number.isdigit():
        raise InvalidFormat()
    if len(number) != 8:
        raise InvalidLength()
    return number


def is_valid_dni(number: str) -> bool:
    try:
        validate_dni(number)
    except ValidationError:
        return False
    return True


def ruc_error(exc: ValidationError) -> str:
    """Spanish explanation of an stdnum error on a RUC."""
    if isinstance(exc, InvalidChecksum):
        return "RUC inválido (dígito verificador)"
    if isinstance(exc, InvalidLength):
        return "RUC inválido (debe tener 11 dígitos)"
    if isinstance(exc, InvalidComponent):
        return "RUC inválido (debe empezar con 10, 15, 16, 17 o 20)"
    return "RUC inválido (solo dígitos)"


def dni_error(exc: ValidationError) -> str:
    """Spanish explanation of an stdnum error on a DNI."""
    if isinstance(exc, InvalidLength):
        return "DNI inválido (debe tener 8 dígitos)"
    return "DNI inválido (solo dígitos)"
