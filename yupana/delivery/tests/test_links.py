"""The other apps' pages lead to printing, e-mail and the format settings."""

import pytest
from django.urls import reverse
from yupana.delivery.tests.factories import issue_factura

@pytest.mark.django_db
def test_sales_and_settings_pages_link_to_printing_and_formats(issuer_client, issuer, customer, rice):
    d = issue_factura(issuer, customer, rice)
    for url in (reverse("sales:document_detail", args=[d.pk]), reverse("sales:document_list"), reverse("companies:settings")):
        r = issuer_client.get(url)
        assert r.status_code == 200, url
    assert reverse("delivery:document", args=[d.pk]) in issuer_client.get(reverse("sales:document_detail", args=[d.pk])).content.decode()
    assert reverse("delivery:settings") in issuer_client.get(reverse("companies:settings")).content.decode()
