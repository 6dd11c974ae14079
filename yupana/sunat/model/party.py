"""Issuer, customer and address."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import identity
from ..catalogs import IdentityType
from . import checks
from .checks import set_
from .errors import ValidationError

ANONYMOUS_NUMBER = "-"
ANONYMOUS_NAME = "CLIENTES VARIOS"


@dataclass(frozen=True, slots=True, kw_only=True)
class Address:
    """A Peruvian address (``ubigeo`` is INEI's 6-digit code) or a foreign one (``country``)."""

    line: str
    ubigeo: str = ""
    department: str = ""
    province: str = ""
    district: str = ""
    urbanization: str = ""
    country: str = "PE"

    def __post_init__(self) -> None:
        set_(self, "line", checks.text("line", self.line, max_length=checks.MAX_ADDRESS))
        for name in ("department", "province", "district", "urbanization"):
            set_(self, name, checks.text(name, getattr(self, name), max_length=30, required=False))
        ubigeo = checks.text("ubigeo", self.ubigeo, max_length=6, required=False)
        if ubigeo and not re.fullmatch(r"\d{6}", ubigeo):
            raise ValidationError("ubigeo", "debe tener 6 dígitos (código INEI)")
        set_(self, "ubigeo", ubigeo)
        country = checks.text("country", self.country, max_length=2)
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise ValidationError("country", "código de país ISO de 2 letras (PE)")
        set_(self, "country", country)


@dataclass(frozen=True, slots=True, kw_only=True)
class Issuer:
    """The seller. ``reduced_igv`` applies the reduced rate of Ley 31556 (restaurants, hotels)."""

    ruc: str
    legal_name: str
    address: Address
    trade_name: str = ""
    establishment_code: str = "0000"
    reduced_igv: bool = False

    def __post_init__(self) -> None:
        try:
            set_(self, "ruc", identity.validate_ruc(str(self.ruc)))
        except identity.ValidationError as exc:
            raise ValidationError("ruc", identity.ruc_error(exc)) from None
        set_(self, "legal_name", checks.text("legal_name", self.legal_name, max_length=checks.MAX_NAME, min_length=3))
        set_(self, "trade_name", checks.text("trade_name", self.trade_name, max_length=checks.MAX_NAME, min_length=3, required=False))
        code = checks.text("establishment_code", self.establishment_code, max_length=4)
        if not re.fullmatch(r"\d{4}", code):
            raise ValidationError("establishment_code", "código de establecimiento anexo de 4 dígitos (0000 = domicilio fiscal)")
        set_(self, "establishment_code", code)
        if not isinstance(self.address, Address):
            raise ValidationError("address", "es obligatorio")
        if not self.address.ubigeo:
            raise ValidationError("address.ubigeo", "es obligatorio para el emisor")
        # SUNAT observes the issuer's names and address line under 3 characters (4092, 4094, 4338).
        if len(self.address.line) < 3:
            raise ValidationError("address.line", "debe tener al menos 3 caracteres")


@dataclass(frozen=True, slots=True, kw_only=True)
class Customer:
    """The buyer: identity document (catalog 06), number and name.

    ``Customer.anonymous()`` is the "clientes varios" of a boleta under S/ 700.
    """

    doc_type: IdentityType
    number: str
    name: str
    address: Address | None = None

    def __post_init__(self) -> None:
        doc_type = checks.coded("doc_type", IdentityType, self.doc_type)
        set_(self, "doc_type", doc_type)
        number = checks.text("number", self.number, max_length=15)
        if doc_type is IdentityType.RUC:
            try:
                number = identity.validate_ruc(number)
            except identity.ValidationError as exc:
                raise ValidationError("number", identity.ruc_error(exc)) from None
        elif doc_type is IdentityType.DNI:
            try:
                number = identity.validate_dni(number)
            except identity.ValidationError as exc:
                raise ValidationError("number", identity.dni_error(exc)) from None
        elif number != ANONYMOUS_NUMBER and not re.fullmatch(r"[^\s]{1,15}", number):
            raise ValidationError("number", "documento inválido (hasta 15 caracteres sin espacios)")
        set_(self, "number", number)
        set_(self, "name", checks.text("name", self.name, max_length=checks.MAX_NAME, min_length=3))
        if self.address is not None and not isinstance(self.address, Address):
            raise ValidationError("address", "dirección inválida")

    @classmethod
    def anonymous(cls) -> "Customer":
        return cls(doc_type=IdentityType.NON_DOMICILED, number=ANONYMOUS_NUMBER, name=ANONYMOUS_NAME)

    @property
    def is_anonymous(self) -> bool:
        return self.number == ANONYMOUS_NUMBER
