"""A document line: what the caller states (quantity, price, affectation); no computed figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import catalogs
from ..catalogs import Affectation
from ..money import AMOUNT_PLACES, QUANTITY_PLACES, UNIT_VALUE_PLACES
from . import checks
from .checks import set_
from .errors import ValidationError


@dataclass(frozen=True, slots=True, kw_only=True)
class Isc:
    """Impuesto selectivo al consumo, "sistema al valor" (catalog 08 code 01): ``rate`` in percent."""

    rate: Decimal
    system: str = "01"

    def __post_init__(self) -> None:
        set_(self, "rate", checks.decimal("rate", self.rate, places=5, positive=True))
        if self.system != "01":
            raise ValidationError("system", "solo se admite el sistema al valor (01) del catálogo 08")


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One item sold.

    Give either ``unit_value`` (without IGV) or ``unit_price`` (with IGV, as on a price list). For
    a free line (affectation 11-16, 21, 31-37) the value is the reference value of the item.
    ``discount`` is an amount off this line that lowers its taxable base (catalog 53 code 00).
    ``icbper`` marks a line that sells plastic bags: ICBPER is charged per unit of its quantity
    (a whole number; SUNAT compares the bags with the quantity, rule 3236).
    """

    description: str
    quantity: Decimal
    unit_value: Decimal | None = None
    unit_price: Decimal | None = None
    unit_code: str = "NIU"
    affectation: Affectation = Affectation.GRAVADO
    code: str = ""
    discount: Decimal = Decimal("0")
    isc: Isc | None = None
    icbper: bool = False

    def __post_init__(self) -> None:
        set_(self, "description", checks.text("description", self.description, max_length=checks.MAX_DESCRIPTION, multiline=True))
        set_(self, "quantity", checks.decimal("quantity", self.quantity, places=QUANTITY_PLACES, positive=True))
        if (self.unit_value is None) == (self.unit_price is None):
            raise ValidationError("unit_value", "indique unit_value (sin IGV) o unit_price (con IGV), uno de los dos")
        if self.unit_value is not None:
            set_(self, "unit_value", checks.decimal("unit_value", self.unit_value, places=UNIT_VALUE_PLACES))
        else:
            set_(self, "unit_price", checks.decimal("unit_price", self.unit_price, places=UNIT_VALUE_PLACES))
        try:
            set_(self, "unit_code", catalogs.unit_code(self.unit_code))
        except catalogs.UnknownCode as exc:
            raise ValidationError("unit_code", str(exc)) from None
        set_(self, "affectation", checks.coded("affectation", Affectation, self.affectation))
        set_(self, "code", checks.text("code", self.code, max_length=checks.MAX_CODE, required=False))
        set_(self, "discount", checks.decimal("discount", self.discount, places=AMOUNT_PLACES))
        if self.discount and not self.affectation.onerous:
            raise ValidationError("discount", "una línea gratuita no lleva descuento")
        if not isinstance(self.icbper, bool):
            raise ValidationError("icbper", "debe ser true o false")
        if self.icbper and (self.quantity != self.quantity.to_integral_value() or not self.affectation.onerous):
            raise ValidationError("icbper", "la línea de bolsas plásticas lleva una cantidad entera de bolsas y es onerosa (regla 3236)")
        if self.isc is not None and not isinstance(self.isc, Isc):
            raise ValidationError("isc", "ISC inválido")
        if self.isc is not None and not self.affectation.taxed:
            raise ValidationError("isc", "el ISC solo se admite en líneas gravadas con IGV")

    @property
    def bags(self) -> int:
        """Plastic bags this line charges ICBPER on (its quantity, or none)."""
        return int(self.quantity) if self.icbper else 0
