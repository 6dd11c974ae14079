"""What a caller states to issue a sale or a note (web form, seed-demo, REST API).

Plain dataclasses with Decimals; ``sale_input_from_json`` maps the JSON format of
``docs/json-format.md`` subset the REST API (issue 11) will accept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation


@dataclass
class LineInput:
    description: str
    quantity: Decimal
    unit_price: Decimal
    product_id: int | None = None
    price_includes_igv: bool = True
    discount: Decimal = Decimal("0")
    affectation: str = "10"
    unit_code: str = "NIU"
    code: str = ""


@dataclass
class InstallmentInput:
    amount: Decimal
    due_date: date


@dataclass
class SaleInput:
    doc_type: str  # "01" factura, "03" boleta
    series_code: str
    lines: list[LineInput]
    customer_id: int | None = None  # None: "clientes varios" (boleta only)
    issue_date: date | None = None  # None: today in Lima
    currency: str = "PEN"
    exchange_rate: Decimal | None = None
    payment_terms: str = "contado"
    installments: list[InstallmentInput] = field(default_factory=list)
    observations: str = ""


@dataclass
class NoteInput:
    reference_id: int  # the SaleDocument modified
    doc_type: str  # "07" crédito, "08" débito
    series_code: str
    reason: str  # catalog 09 / 10
    reason_text: str
    lines: list[LineInput]
    issue_date: date | None = None
    restock: bool | None = None  # None: by reason (returns put stock back)


class InputError(ValueError):
    """Bad input, with the field it concerns and a Spanish message."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _decimal(value, field: str) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InputError(field, "debe ser un número") from None


SALE_KEYS = {"doc_type", "series", "number", "issue_date", "issue_time", "currency", "exchange_rate", "issuer",
             "customer", "customer_id", "lines", "due_date", "installments", "observations", "operation_type"}
LINE_KEYS = {"description", "quantity", "unit_value", "unit_price", "unit_code", "affectation", "code", "discount",
             "product_id"}


def _date_of(value, field: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(field, "fecha inválida (AAAA-MM-DD)") from None


def sale_input_from_json(data: dict, *, resolve_customer=None) -> SaleInput:
    """A SaleInput from the JSON format of ``docs/json-format.md`` (what the REST API receives).

    ``issuer`` and ``number`` are ignored: the company and its series decide them. The customer is
    ``customer_id`` or a ``customer`` object, which ``resolve_customer(dict) -> id`` turns into a
    master-data customer (the API finds or creates it). Only the 0101 sale (no detracción, no
    export) is mapped for now; other operation types are refused naming the field.
    """
    if not isinstance(data, dict):
        raise InputError("", "se esperaba un objeto JSON")
    unknown = set(data) - SALE_KEYS
    if unknown:
        raise InputError(sorted(unknown)[0], "campo desconocido")
    if data.get("operation_type", "0101") != "0101":
        raise InputError("operation_type", "por ahora la venta web emite solo operaciones 0101 (venta interna)")
    lines = []
    for index, item in enumerate(data.get("lines") or []):
        field = f"lines[{index}]"
        if not isinstance(item, dict):
            raise InputError(field, "línea inválida")
        unknown = set(item) - LINE_KEYS
        if unknown:
            raise InputError(f"{field}.{sorted(unknown)[0]}", "campo desconocido")
        with_igv = "unit_price" in item
        price_key = "unit_price" if with_igv else "unit_value"
        lines.append(LineInput(
            description=str(item.get("description", "")), product_id=item.get("product_id"),
            quantity=_decimal(item.get("quantity"), f"{field}.quantity"),
            unit_price=_decimal(item.get(price_key), f"{field}.{price_key}"), price_includes_igv=with_igv,
            discount=_decimal(item.get("discount", "0"), f"{field}.discount"),
            affectation=str(item.get("affectation", "10")), unit_code=str(item.get("unit_code", "NIU")),
            code=str(item.get("code", ""))))
    installments = [InstallmentInput(_decimal(c.get("amount"), f"installments[{i}].amount"),
                                     _date_of(c.get("due_date"), f"installments[{i}].due_date"))
                    for i, c in enumerate(data.get("installments") or [])]
    customer_id = data.get("customer_id")
    if customer_id is None and isinstance(data.get("customer"), dict):
        if data["customer"].get("number") not in (None, "", "-"):
            if resolve_customer is None:
                raise InputError("customer", "indique customer_id (el cliente registrado)")
            customer_id = resolve_customer(data["customer"])
    return SaleInput(
        doc_type=str(data.get("doc_type", "")), series_code=str(data.get("series", "")), lines=lines,
        customer_id=customer_id,
        issue_date=_date_of(data["issue_date"], "issue_date") if data.get("issue_date") else None,
        currency=str(data.get("currency", "PEN")),
        exchange_rate=_decimal(data["exchange_rate"], "exchange_rate") if data.get("exchange_rate") else None,
        payment_terms="credito" if installments else "contado", installments=installments,
        observations=str(data.get("observations", "")),
    )
