"""Rows of another company for the tenant-isolation walk (``yupana/web/tests/test_tenant_isolation.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

SAMPLE_ID = 10_000_300


def tenant_samples(company) -> list:
    """A customer of ``company`` with a payment, a private statement link and a statement run."""
    from yupana.masterdata.models import Customer

    from .models import Payment, StatementLink, StatementRun

    customer = Customer.objects.create(id=SAMPLE_ID, company=company, document_type="6",
                                       document_number="20100070970", name="SECRETOB Cliente B")
    payment = Payment.objects.create(id=SAMPLE_ID + 1, company=company, number=1, customer=customer,
                                     date=dt.date(2026, 11, 1), method="efectivo", amount=Decimal("10.00"),
                                     notes="SECRETOB")
    link = StatementLink.objects.create(id=SAMPLE_ID + 2, company=company, customer=customer,
                                        token="SECRETOB-token-of-company-b")
    run = StatementRun.objects.create(id=SAMPLE_ID + 3, company=company, date_from=dt.date(2026, 1, 1),
                                      date_to=dt.date(2026, 11, 1), status=StatementRun.Status.DONE,
                                      result=b"SECRETOB")
    return [customer, payment, link, run]
