"""Request and response shapes. Requests refuse unknown fields (``extra="forbid"``), so a typo is named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, WithJsonSchema


def _decimal(places: int) -> WithJsonSchema:
    """Decimals travel as strings ("12.50", exact) or JSON numbers; the schema says exactly which."""
    pattern = rf"^\d{{1,10}}(\.\d{{1,{places}}})?$"
    return WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": 9999999999},
                                     {"type": "string", "pattern": pattern}]})


Amount = Annotated[Decimal, Field(ge=0, le=Decimal("9999999999"), decimal_places=10, allow_inf_nan=False),
                   _decimal(10)]
Text = Annotated[str, Field(max_length=500)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class AddressIn(Strict):
    line: Annotated[str, Field(max_length=300)]
    ubigeo: Annotated[str, Field(max_length=6)] = ""
    department: Annotated[str, Field(max_length=60)] = ""
    province: Annotated[str, Field(max_length=60)] = ""
    district: Annotated[str, Field(max_length=60)] = ""
    urbanization: Annotated[str, Field(max_length=60)] = ""
    country: Annotated[str, Field(max_length=2)] = "PE"


class CustomerRef(Strict):
    """The buyer as the JSON format writes it; found (or created) in master data by its document."""

    doc_type: Literal["0", "1", "4", "6", "7", "A", "-"]
    number: Annotated[str, Field(max_length=15)]
    name: Annotated[str, Field(max_length=200)]
    address: AddressIn | None = None
    email: Annotated[str, Field(max_length=254)] = ""


class LineIn(Strict):
    description: Annotated[str, Field(min_length=1, max_length=500)]
    quantity: Amount
    unit_value: Amount | None = None
    unit_price: Amount | None = None
    unit_code: Annotated[str, Field(min_length=1, max_length=3)] = "NIU"
    affectation: Annotated[str, Field(pattern=r"^\d{2}$")] = "10"
    code: Annotated[str, Field(max_length=30)] = ""
    discount: Amount = Decimal("0")
    product_id: int | None = None


class InstallmentIn(Strict):
    amount: Amount
    due_date: dt.date


class DocumentIn(Strict):
    """A factura (01), boleta (03), nota de crédito (07) or nota de débito (08) in the JSON document
    format of ``docs/json-format.md``. ``issuer`` and ``number`` are accepted and ignored: the
    company's data and the next number of its series are used."""

    doc_type: Literal["01", "03", "07", "08"]
    series: Annotated[str, Field(min_length=4, max_length=4)]
    number: int | None = None
    issue_date: dt.date | None = None
    issue_time: Annotated[str, Field(max_length=8)] | None = None
    currency: Literal["PEN", "USD"] = "PEN"
    exchange_rate: Amount | None = None
    issuer: dict | None = None
    customer: CustomerRef | None = None
    customer_id: int | None = None
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=500)]
    due_date: dt.date | None = None
    installments: Annotated[list[InstallmentIn], Field(max_length=60)] | None = None
    observations: Text = ""
    operation_type: Annotated[str, Field(max_length=4)] | None = None
    reason: Annotated[str, Field(pattern=r"^\d{2}$")] | None = None
    reason_text: Annotated[str, Field(max_length=250)] | None = None
    reference_type: Literal["01", "03"] | None = None
    reference_id: Annotated[str, Field(max_length=13)] | None = None


class VoidIn(Strict):
    reason: Annotated[str, Field(min_length=3, max_length=100)]


class CustomerOut(Schema):
    doc_type: str
    number: str
    name: str


class TotalsOut(Schema):
    gravadas: Decimal
    exoneradas: Decimal
    inafectas: Decimal
    gratuitas: Decimal
    discount: Decimal
    igv: Decimal
    icbper: Decimal
    total: Decimal


class DocumentOut(Schema):
    id: int
    doc_type: str
    series: str
    number: int
    document_id: str
    issue_date: dt.date
    currency: str
    customer: CustomerOut
    totals: TotalsOut
    status: str
    status_label: str
    sunat_code: str
    sunat_description: str
    sunat_notes: list
    reference: str | None
    files: dict[str, str]


class DocumentListOut(Schema):
    count: int
    results: list[DocumentOut]


class EventOut(Schema):
    kind: str
    label: str
    at: dt.datetime
    code: str
    message: str


class TimelineOut(Schema):
    id: int
    document_id: str
    status: str
    status_label: str
    events: list[EventOut]


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    field: str
    message: str
    errors: list[ErrorItem]


# --- master data ---

Name = Annotated[str, Field(min_length=1, max_length=200)]


class CustomerIn(Strict):
    document_type: Literal["0", "1", "4", "6", "7", "A", "-"]
    document_number: Annotated[str, Field(max_length=15)] = ""
    name: Name
    address: Annotated[str, Field(max_length=300)] = ""
    emails: Annotated[str, Field(max_length=400)] = ""
    phone: Annotated[str, Field(max_length=40)] = ""


class CustomerPatch(Strict):
    document_type: Literal["0", "1", "4", "6", "7", "A", "-"] | None = None
    document_number: Annotated[str, Field(max_length=15)] | None = None
    name: Name | None = None
    address: Annotated[str, Field(max_length=300)] | None = None
    emails: Annotated[str, Field(max_length=400)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    is_active: bool | None = None


class CustomerRecord(Schema):
    id: int
    document_type: str
    document_number: str
    name: str
    address: str
    emails: str
    phone: str
    is_active: bool


Price = Annotated[Decimal, Field(ge=0, le=Decimal("9999999999"), decimal_places=4, allow_inf_nan=False),
                  _decimal(4)]


class ProductIn(Strict):
    code: Annotated[str, Field(min_length=1, max_length=30)]
    description: Annotated[str, Field(min_length=1, max_length=250)]
    price: Price
    unit_code: Annotated[str, Field(min_length=1, max_length=3)] = "NIU"
    price_includes_igv: bool = True
    currency: Literal["PEN", "USD"] = "PEN"
    igv_affectation: Annotated[str, Field(pattern=r"^\d{2}$")] = "10"
    icbper: bool = False
    sunat_code: Annotated[str, Field(max_length=8)] = ""


class ProductPatch(Strict):
    code: Annotated[str, Field(min_length=1, max_length=30)] | None = None
    description: Annotated[str, Field(min_length=1, max_length=250)] | None = None
    price: Price | None = None
    unit_code: Annotated[str, Field(min_length=1, max_length=3)] | None = None
    price_includes_igv: bool | None = None
    currency: Literal["PEN", "USD"] | None = None
    igv_affectation: Annotated[str, Field(pattern=r"^\d{2}$")] | None = None
    icbper: bool | None = None
    sunat_code: Annotated[str, Field(max_length=8)] | None = None
    is_active: bool | None = None


class ProductRecord(Schema):
    id: int
    code: str
    description: str
    price: Decimal
    unit_code: str
    price_includes_igv: bool
    currency: str
    igv_affectation: str
    icbper: bool
    sunat_code: str
    is_active: bool


class SupplierIn(Strict):
    ruc: Annotated[str, Field(max_length=11)]
    name: Name
    address: Annotated[str, Field(max_length=300)] = ""
    contact: Annotated[str, Field(max_length=120)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=40)] = ""


class SupplierPatch(Strict):
    ruc: Annotated[str, Field(max_length=11)] | None = None
    name: Name | None = None
    address: Annotated[str, Field(max_length=300)] | None = None
    contact: Annotated[str, Field(max_length=120)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    is_active: bool | None = None


class SupplierRecord(Schema):
    id: int
    ruc: str
    name: str
    address: str
    contact: str
    email: str
    phone: str
    is_active: bool


class CustomerPage(Schema):
    count: int
    results: list[CustomerRecord]


class ProductPage(Schema):
    count: int
    results: list[ProductRecord]


class SupplierPage(Schema):
    count: int
    results: list[SupplierRecord]
