"""Documents for the delivery tests, issued through the real sales pipeline (and SUNAT's simulator)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yupana.einvoicing.dispatch import dispatch_once
from yupana.sales.inputs import InstallmentInput, LineInput, SaleInput
from yupana.sales.services import sale_issue

D = Decimal


def issue_factura(company, customer, product, *, quantity="2", accept_with=None, user=None, **extra):
    """A factura for ``quantity`` x the product; with ``accept_with`` (a simulator) it is sent and accepted."""
    data = SaleInput(doc_type="01", series_code="F001", customer_id=customer.pk,
                     lines=[LineInput(description="", quantity=D(quantity), unit_price=product.price,
                                      product_id=product.pk)], **extra)
    document = sale_issue(company=company, user=user, data=data, today=extra.get("issue_date"))
    if accept_with is not None:
        dispatch_once(document.electronic.pk)
        document.electronic.refresh_from_db()
    return document


def credit(amount: str, due: dt.date) -> dict:
    return {"payment_terms": "credito", "installments": [InstallmentInput(amount=D(amount), due_date=due)]}
