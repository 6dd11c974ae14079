"""Sample rows for the foundation's tenant-isolation walk (yupana/web/tests/test_tenant_isolation.py)."""

from __future__ import annotations

SAMPLE_ID = 10_000_500


def tenant_samples(company) -> list:
    """The format settings of ``company`` and, when the sales samples made a document, an e-mail of it."""
    from django.utils import timezone

    from yupana.sales.models import SaleDocument

    from .models import DeliverySettings, EmailDelivery

    rows = [DeliverySettings.objects.create(id=SAMPLE_ID, company=company, footer_text="SECRETOB pie",
                                            template_a4="<p>SECRETOB</p>")]
    document = SaleDocument.objects.filter(company=company).first()
    if document is not None:
        rows.append(EmailDelivery.objects.create(id=SAMPLE_ID + 1, company=company, document=document,
                                                 recipients="secretob@b.pe", attachments=["SECRETOB.pdf"],
                                                 status="enviado", at=timezone.now()))
    return rows
