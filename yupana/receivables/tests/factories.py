"""Credit sales issued through the real ``sale_issue`` (signed, validated, cuotas stored)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yupana.sales.inputs import InstallmentInput, LineInput, NoteInput, SaleInput
from yupana.sales.services import note_issue, sale_issue
from yupana.sales.tests.factories import make_customer

D = Decimal


def make_buyer(company, *, ruc: str = "20131312955", name: str = "Distribuidora Sur S.A.C.",
               limit: str = "5000.00", days: int = 30, **fields):
    return make_customer(company, ruc=ruc, name=name, credit_enabled=True, credit_limit=D(limit),
                         credit_days=days, emails=fields.pop("emails", "pagos@distsur.pe"), **fields)


def credit_sale(company, customer, *, total: str, issued: dt.date, cuotas: list[tuple[str, dt.date]] | None = None,
                user=None, currency: str = "PEN", exchange_rate: Decimal | None = None):
    """A factura on credit for ``total`` (an exonerated line, so the total is exactly the price); one
    cuota at 30 days by default."""
    cuotas = cuotas or [(total, issued + dt.timedelta(days=30))]
    data = SaleInput(doc_type="01", series_code="F001", customer_id=customer.pk, issue_date=issued,
                     payment_terms="credito", currency=currency, exchange_rate=exchange_rate,
                     lines=[LineInput(description="Mercadería al por mayor", quantity=D("1"), unit_price=D(total),
                                      affectation="20")],
                     installments=[InstallmentInput(D(amount), due) for amount, due in cuotas])
    return sale_issue(company=company, user=user, data=data, today=issued)


def cash_sale(company, customer, *, total: str, issued: dt.date, user=None):
    data = SaleInput(doc_type="01", series_code="F001", customer_id=customer.pk, issue_date=issued,
                     lines=[LineInput(description="Venta al contado", quantity=D("1"), unit_price=D(total))])
    return sale_issue(company=company, user=user, data=data, today=issued)


def credit_note(company, document, *, total: str, issued: dt.date, user=None):
    data = NoteInput(reference_id=document.pk, doc_type="07", series_code="FC01", reason="09",
                     reason_text="Descuento por pronto pago", issue_date=issued,
                     lines=[LineInput(description="Descuento", quantity=D("1"), unit_price=D(total), affectation="20")])
    return note_issue(company=company, user=user, data=data, today=issued)
