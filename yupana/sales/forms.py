"""Read the sale and note forms (POST) into the service inputs. Shape only: rules live in services.

Line rows are named ``line-<key>-<field>`` with one ``line`` input per row carrying its key, so
rows can be added (htmx) and removed without renumbering.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from .inputs import InputError, LineInput, NoteInput, SaleInput

LINE_FIELDS = ("product", "description", "quantity", "price", "discount", "unit", "affectation", "code")


def _decimal(raw: str, field: str, label: str, *, default: str | None = None) -> Decimal:
    raw = (raw or "").strip().replace(",", ".") or (default or "")
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise InputError(field, f"{label}: escriba un número (por ejemplo 12.50)") from None
    if not value.is_finite():
        raise InputError(field, f"{label}: número inválido")
    return value


def _date(raw: str, field: str, label: str) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(field, f"{label}: fecha inválida (AAAA-MM-DD)") from None


def line_rows(post) -> list[dict]:
    """The rows as typed (for re-rendering the form), in page order."""
    rows = []
    for key in post.getlist("line"):
        if not key.isalnum():
            continue
        rows.append({"key": key, **{name: post.get(f"line-{key}-{name}", "") for name in LINE_FIELDS}})
    return rows


def read_lines(post) -> list[LineInput]:
    lines = []
    for index, row in enumerate(line_rows(post), start=1):
        if not (row["description"].strip() or row["product"]):
            continue
        field = f"line-{row['key']}"
        lines.append(LineInput(
            description=row["description"].strip(),
            quantity=_decimal(row["quantity"], f"{field}-quantity", f"Línea {index}, cantidad"),
            unit_price=_decimal(row["price"], f"{field}-price", f"Línea {index}, precio"),
            discount=_decimal(row["discount"], f"{field}-discount", f"Línea {index}, descuento", default="0"),
            product_id=int(row["product"]) if row["product"].isdigit() else None,
            unit_code=(row["unit"] or "NIU").strip().upper(),
            affectation=(row["affectation"] or "10").strip(),
            code=row["code"].strip(),
        ))
    return lines


def read_sale(post) -> tuple[SaleInput, int]:
    """The SaleInput and how many cuotas the user asked for."""
    currency = post.get("currency", "PEN")
    rate = post.get("exchange_rate", "").strip()
    count_raw = (post.get("installment_count") or "1").strip()
    if not count_raw.isdigit() or not 1 <= int(count_raw) <= 24:
        raise InputError("installment_count", "Número de cuotas: entre 1 y 24")
    customer = post.get("customer_id", "").strip()
    doc_type, _, series = post.get("document", "").partition(":")
    data = SaleInput(
        doc_type=doc_type or post.get("doc_type", ""),
        series_code=series or post.get("series", ""),
        customer_id=int(customer) if customer.isdigit() else None,
        issue_date=_date(post.get("issue_date", ""), "issue_date", "Fecha de emisión"),
        currency=currency,
        exchange_rate=_decimal(rate, "exchange_rate", "Tipo de cambio") if rate and currency == "USD" else None,
        payment_terms=post.get("payment_terms", "contado"),
        observations=post.get("observations", "").strip(),
        lines=read_lines(post),
    )
    return data, int(count_raw)


def read_note(post, reference_id: int) -> NoteInput:
    return NoteInput(
        reference_id=reference_id,
        doc_type=post.get("doc_type", ""),
        series_code=post.get("series", ""),
        reason=post.get("reason", ""),
        reason_text=post.get("reason_text", "").strip(),
        lines=read_lines(post),
    )
