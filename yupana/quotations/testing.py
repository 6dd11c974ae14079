"""Test support: a quotation of another company for the foundation's tenant-isolation walk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

SAMPLE_ID = 10_000_700


def tenant_samples(company) -> list:
    """A sent quotation of ``company`` with its line, event and notice, the marker in every text shown."""
    from django.utils import timezone

    from yupana.masterdata.models import Customer

    from .models import Notification, Quotation, QuotationEvent, QuotationLine

    customer = Customer.objects.create(id=SAMPLE_ID, company=company, document_type="6",
                                       document_number="20131312955", name="SECRETOB Cliente de cotización")
    today = timezone.localdate()
    quotation = Quotation.objects.create(
        id=SAMPLE_ID + 1, company=company, number=1, customer=customer, customer_name="SECRETOB Cliente",
        customer_doc_type="6", customer_doc_number="20100070970", issue_date=today,
        valid_until=today + dt.timedelta(days=30), token="SECRETOB" + "x" * 35, status="enviada",
        sent_at=timezone.now(), total=Decimal("11.80"), notes="SECRETOB")
    line = QuotationLine.objects.create(id=SAMPLE_ID + 2, quotation=quotation, position=1,
                                        description="SECRETOB item", quantity=Decimal("1"),
                                        unit_price=Decimal("11.80"))
    event = QuotationEvent.objects.create(id=SAMPLE_ID + 3, company=company, quotation=quotation, kind="creada",
                                          at=timezone.now(), message="SECRETOB")
    notice = Notification.objects.create(id=SAMPLE_ID + 4, company=company, quotation=quotation,
                                         message="SECRETOB respondió", created_at=timezone.now())
    return [customer, quotation, line, event, notice]
