"""Read the quotation forms (POST) into service inputs. Shape only: the rules live in services.

The line rows are the sale form's (``sales/partials/line_row.html``), read by ``sales.forms.read_lines``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from yupana.sales.forms import line_rows, read_lines
from yupana.sales.inputs import InputError

from .inputs import ConvertInput, QuotationInput

__all__ = ["line_rows", "read_convert", "read_quotation"]


def _date(raw: str, field: str, label: str) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(field, f"{label}: fecha inválida (AAAA-MM-DD)") from None


def _int(raw: str) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


def read_quotation(post) -> QuotationInput:
    return QuotationInput(
        customer_id=_int(post.get("customer_id", "")),
        issue_date=_date(post.get("issue_date", ""), "issue_date", "Fecha"),
        valid_until=_date(post.get("valid_until", ""), "valid_until", "Válida hasta"),
        currency=post.get("currency", "PEN"),
        terms=post.get("terms", ""), notes=post.get("notes", ""),
        seller_id=_int(post.get("seller", "")),
        lines=read_lines(post),
    )


def read_convert(post, line_ids) -> ConvertInput:
    doc_type, _, series = post.get("document", "").partition(":")
    quantities = {}
    for pk in line_ids:
        raw = (post.get(f"quantity-{pk}") or "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except (InvalidOperation, ValueError):
            raise InputError(f"quantity-{pk}", "Cantidad a facturar: escriba un número (por ejemplo 2)") from None
        if not value.is_finite():
            raise InputError(f"quantity-{pk}", "Cantidad a facturar: número inválido")
        if value:
            quantities[pk] = value
    rate_raw = (post.get("exchange_rate") or "").strip().replace(",", ".")
    rate = None
    if rate_raw:
        try:
            rate = Decimal(rate_raw)
        except (InvalidOperation, ValueError):
            raise InputError("exchange_rate", "Tipo de cambio: escriba un número (por ejemplo 3.750)") from None
    return ConvertInput(doc_type=doc_type, series_code=series, quantities=quantities, exchange_rate=rate,
                        issue_date=_date(post.get("issue_date", ""), "issue_date", "Fecha de emisión"),
                        payment_terms=post.get("payment_terms", "contado"))
