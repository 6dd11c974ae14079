"""Rows of ``company`` for the tenant-isolation walk: an API key, a webhook and one of its deliveries."""

from __future__ import annotations

SAMPLE_ID = 10_001_100


def tenant_samples(company) -> list:
    from yupana.companies.crypto import encrypt

    from .models import ApiKey, WebhookDelivery, WebhookEndpoint

    key = ApiKey.objects.create(id=SAMPLE_ID, company=company, name="SECRETOB clave", prefix="secretob0001",
                                key_hash="0" * 64, scope="issue")
    endpoint = WebhookEndpoint.objects.create(id=SAMPLE_ID + 1, company=company, url="https://secretob.pe/hook",
                                              events=["document.accepted"], secret=encrypt("whsec_SECRETOB"))
    delivery = WebhookDelivery.objects.create(id=SAMPLE_ID + 2, company=company, endpoint=endpoint,
                                              event="document.accepted", payload={"x": "SECRETOB"},
                                              response_body="SECRETOB")
    return [key, endpoint, delivery]
