"""SUNAT catalogs as enums that carry their meaning.

Small catalogs whose codes drive the tax engine are enums (07 carries its tax scheme and whether
the operation is onerous). Large catalogs (03 units, 51 operation types, 52 legends, 54 detracción
goods) are read once from the CSV files SUNAT publishes (``data/catalogs/csv``). Unknown codes raise
:class:`UnknownCode`; callers turn it into a ``ValidationError`` naming the field.
"""

from __future__ import annotations

import csv
import functools
from enum import Enum
from pathlib import Path

_CSV_DIR = Path(__file__).with_name("data") / "catalogs" / "csv"


class UnknownCode(ValueError):
    """A code that is not in its SUNAT catalog."""

    def __init__(self, catalog: str, code: object):
        self.catalog = catalog
        self.code = code
        super().__init__(f"código {code!r} no existe en el catálogo {catalog} de SUNAT")


class _Coded(str, Enum):
    """An enum whose value is the SUNAT code; ``of(code)`` raises UnknownCode with the catalog."""

    @classmethod
    def of(cls, code: object) -> "_Coded":
        if isinstance(code, cls):
            return code
        try:
            return cls(str(code).strip())
        except ValueError:
            raise UnknownCode(cls._catalog_name(), code) from None

    @classmethod
    def _catalog_name(cls) -> str:
        return getattr(cls, "__catalog__", cls.__name__)


class DocumentType(_Coded):
    """Catalog 01 (the types this library issues)."""

    __catalog__ = "01"
    FACTURA = "01"
    BOLETA = "03"
    CREDIT_NOTE = "07"
    DEBIT_NOTE = "08"

    @property
    def series_letter(self) -> str | None:
        return {"01": "F", "03": "B"}.get(self.value)


class IdentityType(_Coded):
    """Catalog 06: the customer's identity document type."""

    __catalog__ = "06"
    NON_DOMICILED = "0"  # DOC.TRIB.NO.DOM.SIN.RUC, also used for "clientes varios"
    DNI = "1"
    CARNET_EXTRANJERIA = "4"
    RUC = "6"
    PASAPORTE = "7"
    CEDULA_DIPLOMATICA = "A"
    DOC_PAIS_RESIDENCIA = "B"
    TIN = "C"
    IN = "D"
    TAM = "E"
    PTP = "F"
    SALVOCONDUCTO = "G"


class TaxScheme(_Coded):
    """Catalog 05: tax schemes, with the UN/ECE 5153 code, name and tax category (cat. 05 attributes)."""

    __catalog__ = "05"
    IGV = "1000"
    IVAP = "1016"
    ISC = "2000"
    EXPORTACION = "9995"
    GRATUITO = "9996"
    EXONERADO = "9997"
    INAFECTO = "9998"
    OTROS = "9999"
    ICBPER = "7152"

    @property
    def tax_type_code(self) -> str:
        return _SCHEME_ATTRS[self.value][0]

    @property
    def scheme_name(self) -> str:
        return _SCHEME_ATTRS[self.value][1]

    @property
    def category(self) -> str:
        return _SCHEME_ATTRS[self.value][2]


_SCHEME_ATTRS = {
    "1000": ("VAT", "IGV", "S"),
    "1016": ("VAT", "IVAP", "S"),
    "2000": ("EXC", "ISC", "S"),
    "9995": ("FRE", "EXP", "G"),
    "9996": ("FRE", "GRA", "Z"),
    "9997": ("VAT", "EXO", "E"),
    "9998": ("FRE", "INA", "O"),
    "9999": ("OTH", "OTROS", "S"),
    "7152": ("OTH", "ICBPER", "S"),
}


class Affectation(_Coded):
    """Catalog 07: IGV affectation of a line.

    ``scheme`` is the tax the line's value is reported under; ``onerous`` is False for free
    transfers (they go to 9996 with a reference value); ``taxed`` says whether IGV is computed on
    the value (true for 10 and for the free "retiros" 11-16, whose IGV the issuer bears).
    """

    __catalog__ = "07"
    GRAVADO = "10"
    GRAVADO_RETIRO_PREMIO = "11"
    GRAVADO_RETIRO_DONACION = "12"
    GRAVADO_RETIRO = "13"
    GRAVADO_RETIRO_PUBLICIDAD = "14"
    GRAVADO_BONIFICACION = "15"
    GRAVADO_RETIRO_TRABAJADORES = "16"
    EXONERADO = "20"
    EXONERADO_GRATUITO = "21"
    INAFECTO = "30"
    INAFECTO_RETIRO_BONIFICACION = "31"
    INAFECTO_RETIRO = "32"
    INAFECTO_MUESTRAS_MEDICAS = "33"
    INAFECTO_CONVENIO_COLECTIVO = "34"
    INAFECTO_RETIRO_PREMIO = "35"
    INAFECTO_RETIRO_PUBLICIDAD = "36"
    INAFECTO_GRATUITO = "37"
    EXPORTACION = "40"

    @property
    def onerous(self) -> bool:
        return _AFFECTATION_INFO[self][0]

    @property
    def taxed(self) -> bool:
        """IGV is computed on this line's value (onerous 10, or free 11-16)."""
        return _AFFECTATION_INFO[self][1]

    @property
    def group(self) -> TaxScheme:
        """The scheme of the onerous counterpart (10-16 IGV, 20-21 exonerado, 30-37 inafecto, 40)."""
        return _AFFECTATION_INFO[self][2]

    @property
    def scheme(self) -> TaxScheme:
        return _AFFECTATION_INFO[self][3]


def _affectation_info(code: str) -> tuple[bool, bool, TaxScheme, TaxScheme]:
    onerous = code in ("10", "20", "30", "40")
    group = {"1": TaxScheme.IGV, "2": TaxScheme.EXONERADO, "3": TaxScheme.INAFECTO, "4": TaxScheme.EXPORTACION}[code[0]]
    return onerous, code.startswith("1"), group, group if onerous else TaxScheme.GRATUITO


# Looked up on every line of every document: computed once.
_AFFECTATION_INFO = {member: _affectation_info(member.value) for member in Affectation}


class CreditNoteReason(_Coded):
    """Catalog 09: reasons for a credit note."""

    __catalog__ = "09"
    ANULACION_OPERACION = "01"
    ANULACION_ERROR_RUC = "02"
    CORRECCION_DESCRIPCION = "03"
    DESCUENTO_GLOBAL = "04"
    DESCUENTO_ITEM = "05"
    DEVOLUCION_TOTAL = "06"
    DEVOLUCION_ITEM = "07"
    BONIFICACION = "08"
    DISMINUCION_VALOR = "09"
    OTROS = "10"
    AJUSTE_EXPORTACION = "11"
    AJUSTE_IVAP = "12"
    AJUSTE_MONTOS_FECHAS = "13"


class DebitNoteReason(_Coded):
    """Catalog 10: reasons for a debit note."""

    __catalog__ = "10"
    INTERESES_MORA = "01"
    AUMENTO_VALOR = "02"
    PENALIDADES = "03"
    AJUSTE_EXPORTACION = "11"
    AJUSTE_IVAP = "12"


class SummaryStatus(_Coded):
    """Catalog 19: what a daily summary (RC) line does with its document."""

    __catalog__ = "19"
    ADD = "1"
    MODIFY = "2"
    VOID = "3"


class Currency(_Coded):
    """ISO 4217 currencies this library issues in, with their name for the amount in words."""

    __catalog__ = "02"
    PEN = "PEN"
    USD = "USD"

    @property
    def words(self) -> str:
        return {"PEN": "SOLES", "USD": "DÓLARES AMERICANOS"}[self.value]


class AllowanceCode(_Coded):
    """Catalog 53: discounts this library issues."""

    __catalog__ = "53"
    LINE_DISCOUNT = "00"  # afecta la base imponible
    GLOBAL_DISCOUNT = "02"  # global, afecta la base imponible


class Legend(_Coded):
    """Catalog 52: the legends the tax engine adds."""

    __catalog__ = "52"
    AMOUNT_IN_WORDS = "1000"
    FREE_TRANSFER = "1002"
    DETRACCION = "2006"

    @property
    def default_text(self) -> str:
        return {
            "1002": "TRANSFERENCIA GRATUITA DE UN BIEN Y/O SERVICIO PRESTADO GRATUITAMENTE",
            "2006": "Operación sujeta a detracción",
        }.get(self.value, "")


# --- catalogs read from SUNAT's CSV files -------------------------------------------------------


@functools.cache
def _rows(number: str) -> dict[str, str]:
    with (_CSV_DIR / f"cat_{number}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"].strip(): row["description"].strip() for row in csv.DictReader(handle)}


def describe(catalog: str, code: str) -> str:
    """SUNAT's description of ``code`` in catalog ``catalog`` ("03", "51", ...); UnknownCode if absent."""
    try:
        return _rows(catalog)[code]
    except KeyError:
        raise UnknownCode(catalog, code) from None


def exists(catalog: str, code: str) -> bool:
    return code in _rows(catalog)


def unit_code(code: str) -> str:
    """Validate a unit of measure against catalog 03 (UN/ECE rec 20 as SUNAT publishes it)."""
    code = str(code).strip()
    if code not in _rows("03"):
        raise UnknownCode("03", code)
    return code


def operation_type(code: str) -> str:
    """Validate an operation type against catalog 51."""
    code = str(code).strip()
    if code not in _rows("51"):
        raise UnknownCode("51", code)
    return code


EXPORT_OPERATIONS = frozenset({"0200", "0201", "0202", "0203", "0204", "0205", "0206", "0207", "0208"})
DETRACCION_OPERATIONS = frozenset({"1001", "1002", "1003", "1004"})


def detraccion_good(code: str) -> str:
    """Validate a detracción goods/services code against catalog 54."""
    code = str(code).strip()
    if code not in _rows("54"):
        raise UnknownCode("54", code)
    return code


def payment_means(code: str) -> str:
    """Validate a payment means code against catalog 59."""
    code = str(code).strip()
    if code not in _rows("59"):
        raise UnknownCode("59", code)
    return code
