"""Validation rules for master data, independent of the ORM so the import preview and the forms
give the same Spanish messages. Each function returns the normalised value or raises
``django.core.exceptions.ValidationError``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.deconstruct import deconstructible
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError as StdnumError
from stdnum.pe import ruc as stdnum_ruc

from . import catalogs

_DIGITS = re.compile(r"^\d+$")
_FOREIGN_ID = re.compile(r"^[A-Za-z0-9-]{1,15}$")
_ALNUM_12 = re.compile(r"^[A-Za-z0-9]{1,12}$")


def compact(value: str | None) -> str:
    """Strip spaces, dots and dashes users type inside numbers ("20 100.070-970")."""
    return re.sub(r"[\s.]", "", str(value or "")).replace("-", "") if value is not None else ""


def validate_ruc(value: str) -> str:
    number = compact(value)
    if not number:
        raise ValidationError("Ingrese el RUC.", code="required")
    if not _DIGITS.match(number) or len(number) != 11:
        raise ValidationError("El RUC debe tener 11 dígitos.", code="ruc_length")
    try:
        stdnum_ruc.validate(number)
    except InvalidChecksum:
        raise ValidationError("El RUC %(ruc)s no es válido: el dígito verificador no coincide.",
                              code="ruc_checksum", params={"ruc": number})
    except (InvalidComponent, InvalidLength, StdnumError):
        raise ValidationError("El RUC %(ruc)s no es válido: debe empezar con 10, 15, 16, 17 o 20.",
                              code="ruc_prefix", params={"ruc": number})
    return number


def validate_document(document_type: str, number: str | None) -> str:
    """Check an identity document number against its catalog 06 type; return it normalised."""
    if document_type not in catalogs.DOCUMENT_TYPES:
        raise ValidationError("El tipo de documento «%(t)s» no existe en el catálogo 06 de SUNAT.",
                              code="document_type", params={"t": document_type})
    raw = str(number or "").strip()
    if document_type == catalogs.NO_DOCUMENT:
        if raw and raw != "-":
            raise ValidationError("Un cliente «Sin documento» no lleva número de documento.",
                                  code="no_document")
        return ""
    if document_type == "6":
        return validate_ruc(raw)
    if not raw:
        raise ValidationError("Ingrese el número de documento.", code="required")
    if document_type == "1":
        digits = compact(raw)
        if not _DIGITS.match(digits) or len(digits) != 8:
            raise ValidationError("El DNI debe tener 8 dígitos.", code="dni")
        return digits
    if document_type in ("4", "7"):
        value = raw.replace(" ", "").upper()
        if not _ALNUM_12.match(value):
            label = "carné de extranjería" if document_type == "4" else "pasaporte"
            raise ValidationError(
                "El número de %(label)s debe tener de 1 a 12 letras o dígitos, sin espacios ni símbolos.",
                code="foreign_document", params={"label": label})
        return value
    value = raw.replace(" ", "").upper()
    if not _FOREIGN_ID.match(value):
        raise ValidationError("El número de documento debe tener de 1 a 15 caracteres, sin espacios.",
                              code="document_number")
    return value


def validate_unit(code: str) -> str:
    value = str(code or "").strip().upper()
    if not value:
        raise ValidationError("Ingrese la unidad de medida.", code="required")
    if value not in catalogs.units():
        raise ValidationError("La unidad de medida «%(u)s» no existe en el catálogo 03 de SUNAT.",
                              code="unit", params={"u": value})
    return value


def validate_igv_affectation(code: str) -> str:
    value = str(code or "").strip()
    if not value:
        raise ValidationError("Ingrese el tipo de afectación del IGV.", code="required")
    if value not in catalogs.igv_affectations():
        raise ValidationError("El tipo de afectación del IGV «%(c)s» no existe en el catálogo 07 de SUNAT.",
                              code="igv_affectation", params={"c": value})
    return value


def validate_product_code(code: str | None) -> str:
    """Catalog 25 code, optional: empty stays empty."""
    value = compact(code)
    if not value:
        return ""
    if value not in catalogs.product_codes():
        raise ValidationError("El código de producto SUNAT «%(c)s» no existe en el catálogo 25.",
                              code="product_code", params={"c": value})
    return value


def parse_decimal(value, *, places: int, label: str, minimum: Decimal | None = Decimal("0")) -> Decimal:
    """Read a money/quantity figure without float: accepts Decimal, int or text ("1,250.50", "12,5")."""
    if isinstance(value, float):
        # Spreadsheet cells arrive as float; repr gives the shortest exact decimal text of the cell.
        value = repr(value)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        amount = Decimal(value)
    else:
        text = str(value or "").strip().replace("S/", "").replace("US$", "").replace(" ", "")
        if not text:
            raise ValidationError("Ingrese %(label)s.", code="required", params={"label": label})
        if "," in text and "." in text:
            text = text.replace(",", "")
        elif "," in text:
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError("%(label)s no es un número: «%(v)s».", code="invalid",
                                  params={"label": label[:1].upper() + label[1:], "v": value})
    if not amount.is_finite():
        raise ValidationError("%(label)s no es un número.", code="invalid", params={"label": label})
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValidationError("%(label)s admite como máximo %(p)s decimales: «%(v)s».", code="decimals",
                              params={"label": label[:1].upper() + label[1:], "p": places, "v": value})
    if minimum is not None and amount < minimum:
        raise ValidationError("%(label)s no puede ser negativo.", code="negative",
                              params={"label": label[:1].upper() + label[1:]})
    return amount


@deconstructible
class DecimalPlacesValidator:
    """Model-field validator: a clear Spanish message when a figure has too many decimals."""

    def __init__(self, places: int, label: str):
        self.places, self.label = places, label

    def __call__(self, value):
        if value is not None:
            parse_decimal(value, places=self.places, label=self.label)

    def __eq__(self, other):
        return isinstance(other, DecimalPlacesValidator) and (self.places, self.label) == (other.places, other.label)


validate_decimal_places = DecimalPlacesValidator


def normalize_emails(value: str | None) -> str:
    """One or more emails separated by commas, semicolons or spaces; returns them comma-joined."""
    parts = [p for p in re.split(r"[,;\s]+", str(value or "").strip()) if p]
    for part in parts:
        try:
            validate_email(part)
        except ValidationError:
            raise ValidationError("El correo «%(e)s» no es válido.", code="email", params={"e": part})
    return ", ".join(parts)


def parse_bool(value, *, label: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in ("", "0", "no", "n", "falso", "false", "f"):
        return False
    if text in ("1", "si", "sí", "s", "x", "verdadero", "true", "v"):
        return True
    raise ValidationError("%(label)s debe ser «sí» o «no», no «%(v)s».", code="invalid",
                          params={"label": label, "v": value})
