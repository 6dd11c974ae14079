"""Field checks shared by the model: SUNAT's text lengths and decimal limits, Spanish messages."""

from __future__ import annotations

import re
from decimal import Decimal

from .. import catalogs
from ..money import decimal_places
from .errors import ValidationError

# Characters XML 1.0 cannot carry, plus line breaks and tabs, which SUNAT's patterns reject in
# single-line fields (names, codes); item descriptions may span lines (their pattern allows it).
_FORBIDDEN = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_FORBIDDEN_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

#: SUNAT's maximum lengths (SUNAT's 2.1 guide and the SFS rule patterns).
MAX_DESCRIPTION = 500
MAX_NAME = 1500
MAX_ADDRESS = 200
MAX_CODE = 30
MAX_REASON = 500
MAX_LEGEND = 200
MAX_INTEGER_DIGITS = 12


def text(
    field: str, value: object, *, max_length: int, min_length: int = 1, required: bool = True, multiline: bool = False
) -> str:
    """A text: stripped, no control characters (line breaks only if ``multiline``), within SUNAT's length."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "debe ser texto")
    value = value.replace("\r\n", "\n").strip()
    if not value:
        if required:
            raise ValidationError(field, "es obligatorio")
        return ""
    if (_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN).search(value):
        raise ValidationError(field, "contiene saltos de línea o caracteres de control no permitidos")
    if len(value) > max_length:
        raise ValidationError(field, f"excede el máximo de {max_length} caracteres ({len(value)})")
    if len(value) < min_length:
        raise ValidationError(field, f"debe tener al menos {min_length} caracteres")
    return value


def decimal(
    field: str,
    value: object,
    *,
    places: int,
    positive: bool = False,
    allow_zero: bool = True,
) -> Decimal:
    """A Decimal within SUNAT's decimals (``places``) and 12 integer digits; never float."""
    if isinstance(value, (float, bool)) or not isinstance(value, (Decimal, int)):
        raise ValidationError(field, "debe ser un número decimal (Decimal o texto), no float")
    value = Decimal(value)
    if not value.is_finite():
        raise ValidationError(field, "número inválido")
    if value < 0:
        raise ValidationError(field, "no puede ser negativo")
    if value == 0 and (positive or not allow_zero):
        raise ValidationError(field, "debe ser mayor que cero")
    if decimal_places(value) > places:
        raise ValidationError(field, f"admite como máximo {places} decimales")
    if len(str(int(value))) > MAX_INTEGER_DIGITS:
        raise ValidationError(field, f"admite como máximo {MAX_INTEGER_DIGITS} dígitos enteros")
    return value


def coded(field: str, enum: type, value: object):
    """A catalog enum member, or a ValidationError naming the field and the catalog."""
    try:
        return enum.of(value)
    except catalogs.UnknownCode as exc:
        raise ValidationError(field, f"{exc}") from None


def series(field: str, value: object, letters: str) -> str:
    """A series: 4 characters, first one of ``letters`` (F for facturas, B for boletas)."""
    value = text(field, value, max_length=4)
    if not re.fullmatch(rf"[{letters}][A-Z0-9]{{3}}", value):
        raise ValidationError(field, f"serie inválida {value!r}: 4 caracteres que empiezan con {' o '.join(letters)}")
    return value


def number(field: str, value: object) -> int:
    """A correlative number: 1 to 99999999."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, "debe ser un número entero")
    if not 1 <= value <= 99_999_999:
        raise ValidationError(field, "debe estar entre 1 y 99999999")
    return value


def set_(obj: object, name: str, value: object) -> None:
    """Assign on a frozen dataclass during ``__post_init__`` normalisation."""
    object.__setattr__(obj, name, value)
