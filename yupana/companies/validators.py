"""Field validators with Spanish messages that name the field."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from stdnum.pe import ruc as stdnum_ruc


def validate_ruc(value: str) -> None:
    """A RUC has 11 digits, starts with 10, 15, 16, 17 or 20, and its last digit checks the rest."""
    value = value or ""
    if not value.isdigit():
        raise ValidationError("El RUC solo debe contener dígitos.", code="ruc_format")
    if len(value) != 11:
        raise ValidationError("El RUC debe tener 11 dígitos.", code="ruc_length")
    if value[:2] not in {"10", "15", "16", "17", "20"}:
        raise ValidationError("El RUC debe empezar con 10, 15, 16, 17 o 20.", code="ruc_prefix")
    if stdnum_ruc.calc_check_digit(value[:10]) != value[10]:
        raise ValidationError("El RUC no es válido: el dígito verificador no corresponde.", code="ruc_checksum")


def validate_ubigeo(value: str) -> None:
    if not re.fullmatch(r"\d{6}", value or ""):
        raise ValidationError("El ubigeo debe tener 6 dígitos (por ejemplo 150101 para Lima).", code="ubigeo")


def validate_establishment_code(value: str) -> None:
    if not re.fullmatch(r"\d{4}", value or ""):
        raise ValidationError("El código de establecimiento debe tener 4 dígitos (0000 para el domicilio fiscal).",
                              code="establishment")
