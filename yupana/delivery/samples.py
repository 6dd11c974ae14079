"""A made-up document for previewing formats before the company has issued anything."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from .printing import TITLES, Printable, delivery_settings_for, public_base_url


def sample_printable(company) -> Printable:
    from yupana.sales.models import SaleDocument, SaleLine

    latest = (SaleDocument.objects.for_company(company).select_related("electronic", "company")
              .filter(electronic__isnull=False).order_by("-id").first())
    if latest is not None:
        from .printing import printable

        return printable(latest)
    document = SaleDocument(company=company, doc_type="01", series_code="F001", number=1,
                            issue_date=dt.date.today(), customer_doc_type="6", customer_doc_number="20100070970",
                            customer_name="CLIENTE DE EJEMPLO S.A.C.", customer_address="Av. Ejemplo 123, Lima",
                            total_gravadas=Decimal("100.00"), total_igv=Decimal("18.00"), total=Decimal("118.00"))
    line = SaleLine(position=1, code="EJ01", description="Producto de ejemplo", unit_code="NIU",
                    quantity=Decimal("1"), unit_price=Decimal("118.00"), unit_value=Decimal("100.00"),
                    value=Decimal("100.00"), igv=Decimal("18.00"), total=Decimal("118.00"))
    return Printable(document=document, company=company, options=delivery_settings_for(company), lines=[line],
                     installments=[], title=TITLES["01"],
                     qr_text=f"{company.ruc}|01|F001|1|18.00|118.00|{document.issue_date}|6|20100070970|EJEMPLO=|",
                     digest="EJEMPLO=", words="CIENTO DIECIOCHO CON 00/100 SOLES", status="Ejemplo",
                     lookup_url=public_base_url() + reverse("delivery:lookup"))
