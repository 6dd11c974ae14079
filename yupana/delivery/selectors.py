"""Finding documents: by the fields printed on them (public page) or by id within a company."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.shortcuts import get_object_or_404

from yupana.einvoicing.models import Status


def document_for_company(*, company, pk: int):
    from yupana.sales.models import SaleDocument

    return get_object_or_404(SaleDocument.objects.for_company(company)
                             .select_related("company", "electronic", "customer", "reference"), pk=pk)


def public_lookup(*, ruc: str, doc_type: str, series: str, number: str, issue_date: dt.date | None,
                  total: str):
    """The document matching ALL six printed fields, else None (the caller says only "not found").

    Documents SUNAT rejected are not valid, so they are never found."""
    from yupana.sales.models import SaleDocument

    try:
        amount = Decimal(str(total).replace(",", "").strip())
        number_value = int(str(number).strip())
    except (InvalidOperation, ValueError):
        return None
    if issue_date is None or not amount.is_finite():
        return None
    return (SaleDocument.objects.select_related("company", "electronic", "customer", "reference")
            .filter(company__ruc=ruc.strip(), doc_type=doc_type, series_code=series.strip().upper(),
                    number=number_value, issue_date=issue_date, total=amount, electronic__isnull=False)
            .exclude(electronic__status=Status.REJECTED).first())


def email_history(*, document):
    return document.emails.all()[:20]
