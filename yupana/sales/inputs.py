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


def sale_input_from_json(data: dict) -> SaleInput:
    """``{"doc_type","series","customer_id","currency","lines":[{"description","quantity","unit_price"...}]}``."""
    try:
        lines = [
            LineInput(description=item.get("description", ""), quantity=_decimal(item.get("quantity"), f"lines[{i}].quantity"),
                      unit_price=_decimal(item.get("unit_price", item.get("unit_value")), f"lines[{i}].unit_price"),
                      price_includes_igv="unit_value" not in item, product_id=item.get("product_id"),
                      discount=_decimal(item.get("discount", "0"), f"lines[{i}].discount"),
                      affectation=str(item.get("affectation", "10")), unit_code=item.get("unit_code", "NIU"),
                      code=item.get("code", ""))
            for i, item in enumerate(data.get("lines") or [])
        ]
        installments = [InstallmentInput(_decimal(c["amount"], f"installments[{i}].amount"),
                                         date.fromisoformat(c["due_date"]))
                        for i, c in enumerate(data.get("installments") or [])]
        return SaleInput(
            doc_type=str(data.get("doc_type", "")), series_code=str(data.get("series", "")), lines=lines,
            customer_id=data.get("customer_id"),
            issue_date=date.fromisoformat(data["issue_date"]) if data.get("issue_date") else None,
            currency=data.get("currency", "PEN"),
            exchange_rate=_decimal(data["exchange_rate"], "exchange_rate") if data.get("exchange_rate") else None,
            payment_terms="credito" if installments else "contado", installments=installments,
            observations=data.get("observations", ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError("", f"JSON inválido: {exc}") from None
