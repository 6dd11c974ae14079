"""What a caller states to create or edit a quotation (web form, tests, a future API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from yupana.sales.inputs import LineInput


@dataclass
class QuotationInput:
    customer_id: int | None
    valid_until: dt.date | None
    lines: list[LineInput]
    issue_date: dt.date | None = None  # None: today in Lima
    currency: str = "PEN"
    terms: str = ""
    notes: str = ""
    seller_id: int | None = None


@dataclass
class ConvertInput:
    doc_type: str  # "01" factura, "03" boleta
    series_code: str
    quantities: dict[int, Decimal] = field(default_factory=dict)  # line id -> quantity to invoice now
    issue_date: dt.date | None = None
    payment_terms: str = "contado"
    exchange_rate: Decimal | None = None  # needed when the quotation is in dollars


class QuotationRefused(Exception):
    """The action is not possible; ``messages`` are Spanish and ``field`` names what to fix."""

    def __init__(self, messages: list[str] | str, field: str = ""):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        self.field = field
        super().__init__("; ".join(self.messages))
