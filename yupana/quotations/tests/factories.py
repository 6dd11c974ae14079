"""Quotations for tests, built through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yupana.sales.inputs import LineInput

from yupana.quotations.inputs import QuotationInput
from yupana.quotations.services import quotation_create

TODAY = dt.date(2026, 11, 20)  # the pinned clock: a Friday in Lima


def rice_line(product, quantity="10", price="23.60", discount="0") -> LineInput:
    return LineInput(description=product.description, quantity=Decimal(quantity), unit_price=Decimal(price),
                     product_id=product.pk, discount=Decimal(discount))


def make_quotation(company, user, customer, lines, *, valid_days=15, today=TODAY, **fields):
    data = QuotationInput(customer_id=customer.pk, issue_date=today, valid_until=today + dt.timedelta(days=valid_days),
                          lines=lines, **fields)
    return quotation_create(company=company, user=user, data=data, today=today)


def mark_sent(quotation, *, at=None):
    """A quotation the customer received (without going through SMTP)."""
    from django.utils import timezone

    from yupana.quotations.models import Status

    quotation.status, quotation.sent_at = Status.SENT, at or timezone.now()
    quotation.save(update_fields=["status", "sent_at"])
    return quotation
