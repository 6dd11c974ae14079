"""The public lookup page: no login, all six fields must match, nothing revealed otherwise, rate-limited."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from yupana.einvoicing.models import DocumentEvent
from yupana.sunat import cdr as sunat_cdr

from .factories import issue_factura

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def form(document, **changes):
    data = {"ruc": "20123456786", "doc_type": "01", "series": "F001", "number": str(document.number),
            "issue_date": document.issue_date.isoformat(), "total": "47.20"}
    data.update(changes)
    return data


def test_found_gives_pdf_xml_and_cdr_and_each_download_goes_on_the_timeline(client, issuer, customer, rice,
                                                                            simulator):
    # Given an accepted factura of S/ 47.20
    document = issue_factura(issuer, customer, rice, accept_with=simulator)
    # When an anonymous visitor types its six printed fields
    response = client.post(reverse("delivery:lookup"), form(document, series="f001"))
    # Then the page offers the three files through signed links
    assert response.status_code == 200
    assert response.context["found"] == document
    token = response.context["token"]
    pdf = client.get(reverse("delivery:public_download", args=[token, "pdf"]))
    xml = client.get(reverse("delivery:public_download", args=[token, "xml"]))
    cdr = client.get(reverse("delivery:public_download", args=[token, "cdr"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert xml.content == bytes(document.electronic.xml)
    assert sunat_cdr.parse(cdr.content).accepted
    assert cdr["Content-Disposition"] == 'attachment; filename="R-20123456786-01-F001-1.zip"'
    events = list(DocumentEvent.objects.filter(document=document, kind="descarga").values_list("data", flat=True))
    assert [e["file"] for e in events] == ["pdf", "xml", "cdr"] and {e["by"] for e in events} == {"cliente"}


@pytest.mark.parametrize("field,value", [
    ("ruc", "20100070970"), ("doc_type", "03"), ("series", "F002"), ("number", "2"),
    ("issue_date", "2020-01-01"), ("total", "47.21"),
])
def test_any_mismatch_reveals_nothing(client, issuer, customer, rice, field, value):
    document = issue_factura(issuer, customer, rice)
    response = client.post(reverse("delivery:lookup"), form(document, **{field: value}))
    assert response.status_code == 404
    body = response.content.decode()
    assert "No encontramos un comprobante con esos datos" in body
    # Not a word about which field failed, nor about the issuer or the customer
    assert "Comercial Andina" not in body and "Supermercados" not in body
    assert "token" not in response.context or not response.context.get("token")


def test_bad_input_names_the_field_in_spanish(client, db):
    response = client.post(reverse("delivery:lookup"), {"ruc": "123", "doc_type": "01", "series": "F001",
                                                        "number": "x", "issue_date": "", "total": "1"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["ruc"] == ["El RUC tiene 11 dígitos."]
    assert errors["issue_date"] == ["Indique la fecha de emisión."]


def test_more_than_ten_searches_in_ten_minutes_are_refused(client, issuer, customer, rice):
    document = issue_factura(issuer, customer, rice)
    for _ in range(10):
        assert client.post(reverse("delivery:lookup"), form(document, total="1.00")).status_code == 404
    # The eleventh, even with the right data, is refused without looking
    limited = client.post(reverse("delivery:lookup"), form(document))
    assert limited.status_code == 429
    assert "demasiadas consultas" in limited.content.decode()
    # Another address is not affected
    other = client.post(reverse("delivery:lookup"), form(document), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_forged_or_expired_link_is_not_found(client, issuer, customer, rice):
    from django.core import signing

    document = issue_factura(issuer, customer, rice)
    forged = signing.dumps(document.pk, salt="otra-cosa")
    assert client.get(reverse("delivery:public_download", args=[forged, "xml"])).status_code == 404


def test_rejected_documents_are_not_found(client, issuer, customer, rice):
    document = issue_factura(issuer, customer, rice)
    document.electronic.status = "rechazado"
    document.electronic.save()
    assert client.post(reverse("delivery:lookup"), form(document)).status_code == 404
