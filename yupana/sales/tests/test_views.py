"""The sale screens through Django's test client (real database, real tax engine)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from yupana.companies.testing import login_client, make_user
from yupana.einvoicing.models import ElectronicDocument, Status
from yupana.sales.inputs import LineInput, SaleInput
from yupana.sales.models import SaleDocument
from yupana.sales.services import sale_issue

from .factories import make_customer


@pytest.fixture
def seller(client, issuer):
    return login_client(client, make_user(issuer, role="vendedor"))


def form_data(customer, product, quantity="2", **extra):
    data = {"document": "01:F001", "issue_date": "", "currency": "PEN", "payment_terms": "contado",
            "installment_count": "1", "customer_id": str(customer.pk) if customer else "", "line": ["a1"],
            "line-a1-product": str(product.pk), "line-a1-description": product.description,
            "line-a1-quantity": quantity, "line-a1-price": "23.60", "line-a1-discount": "",
            "line-a1-unit": "NIU", "line-a1-affectation": "10", "line-a1-code": product.code}
    data.update(extra)
    return data


def test_preview_shows_totals_from_the_tax_engine(seller, customer, rice):
    response = seller.post(reverse("sales:sale_preview"), form_data(customer, rice, quantity="3"))
    html = response.content.decode()
    # 3 x 23.60 = 70.80 with IGV 10.80 (60.00 x 18%)
    assert response.status_code == 200
    assert "S/ 10.80" in html and "S/ 70.80" in html
    assert not SaleDocument.objects.exists()


def test_form_refuses_a_date_sunat_would_reject_as_late_and_says_which_dates_work(seller, customer, rice):
    today = timezone.localdate()
    form = seller.get(reverse("sales:sale_create")).content.decode()
    assert f'max="{today.isoformat()}"' in form and "3 días atrás para una factura" in form
    old = (today - dt.timedelta(days=5)).isoformat()
    preview = seller.post(reverse("sales:sale_preview"), form_data(customer, rice, issue_date=old)).content.decode()
    assert "fuera del plazo de SUNAT" in preview
    response = seller.post(reverse("sales:sale_create"), form_data(customer, rice, issue_date=old))
    assert "fuera del plazo de SUNAT" in response.content.decode() and not SaleDocument.objects.exists()


def test_preview_explains_bad_input_in_spanish(seller, customer, rice):
    response = seller.post(reverse("sales:sale_preview"), form_data(customer, rice, quantity="dos"))
    assert "Línea 1, cantidad: escriba un número" in response.content.decode()


def test_preview_proposes_cuotas_from_credit_days(seller, issuer, rice):
    buyer = make_customer(issuer, ruc="20131312955", name="Distribuidora Sur S.A.C.", credit_enabled=True,
                          credit_limit=Decimal("500"), credit_days=15)
    issued = timezone.localdate()
    response = seller.post(reverse("sales:sale_preview"), form_data(
        buyer, rice, payment_terms="credito", installment_count="2", issue_date=issued.isoformat()))
    html = response.content.decode()
    first, second = issued + dt.timedelta(days=15), issued + dt.timedelta(days=30)
    assert f"S/ 23.60 vence {first:%d/%m/%Y}" in html and f"S/ 23.60 vence {second:%d/%m/%Y}" in html


def test_issue_from_the_form_and_see_the_document(seller, customer, rice):
    response = seller.post(reverse("sales:sale_create"), form_data(customer, rice))
    document = SaleDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sales:document_detail", args=[document.pk])
    assert document.total == Decimal("47.20") and document.created_by is not None
    page = seller.get(response["Location"]).content.decode()
    assert "Factura F001-1" in page and "S/ 47.20" in page and "Emitido" in page and "Firmado" in page
    xml = seller.get(reverse("sales:document_file", args=[document.pk, "xml"]))
    assert xml["Content-Disposition"] == f'attachment; filename="{document.electronic.name}.xml"'
    assert b"<cbc:PayableAmount currencyID=\"PEN\">47.20</cbc:PayableAmount>" in xml.content
    assert seller.get(reverse("sales:document_file", args=[document.pk, "cdr"])).status_code == 404


def test_refused_sale_keeps_what_was_typed(seller, person, rice):
    response = seller.post(reverse("sales:sale_create"), form_data(person, rice))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Una factura exige un cliente con RUC" in html
    assert 'value="Arroz extra 5 kg"' in html
    assert not SaleDocument.objects.exists()


def test_sale_form_offers_a_new_customer_with_dni_first(seller, issuer):
    # A boleta buyer is the common new customer at the counter: DNI comes selected
    html = seller.get(reverse("sales:sale_create")).content.decode()
    new_customer = html.split("<summary>Cliente nuevo</summary>")[1].split("</details>")[0]
    assert '<option value="1" selected>' in new_customer and 'value="6" selected' not in new_customer
    assert reverse("sales:customer_quick_create") in new_customer


def test_inline_customer_creation(seller, issuer):
    response = seller.post(reverse("sales:customer_quick_create"), {
        "new_document_type": "1", "new_document_number": "46027897", "new_name": "María Quispe Mamani"})
    html = response.content.decode()
    assert "María Quispe Mamani" in html and "checked" in html
    bad = seller.post(reverse("sales:customer_quick_create"), {
        "new_document_type": "1", "new_document_number": "123", "new_name": "X Y Z"}).content.decode()
    assert "Número de documento" in bad


def test_note_form_is_prefilled_with_the_document_lines(seller, issuer, customer, rice):
    sale = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="01", series_code="F001", customer_id=customer.pk,
        lines=[LineInput(description="", quantity=Decimal("4"), unit_price=rice.price, product_id=rice.pk)]))
    ElectronicDocument.objects.filter(document=sale).update(status=Status.ACCEPTED)
    html = seller.get(reverse("sales:note_create", args=[sale.pk, "07"])).content.decode()
    assert 'value="Arroz extra 5 kg"' in html and 'value="4"' in html and "FC01" in html
    assert "Devolución por ítem" in html or "07 ·" in html


def test_note_form_shows_live_totals_beside_the_document_total(seller, client, issuer, customer, rice, other_company):
    sale = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="01", series_code="F001", customer_id=customer.pk,
        lines=[LineInput(description="", quantity=Decimal("4"), unit_price=rice.price, product_id=rice.pk)]))
    ElectronicDocument.objects.filter(document=sale).update(status=Status.ACCEPTED)
    form = seller.get(reverse("sales:note_create", args=[sale.pk, "07"])).content.decode()
    assert reverse("sales:note_preview", args=[sale.pk, "07"]) in form
    data = {"doc_type": "07", "series": "FC01", "reason": "07", "reason_text": "Devolución", "line": ["a1"],
            "line-a1-product": str(rice.pk), "line-a1-description": rice.description, "line-a1-quantity": "1",
            "line-a1-price": "23.60", "line-a1-discount": "", "line-a1-unit": "NIU", "line-a1-affectation": "10",
            "line-a1-code": rice.code}
    html = seller.post(reverse("sales:note_preview", args=[sale.pk, "07"]), data).content.decode()
    assert 'id="total-amount">S/ 23.60<' in html and "Total de F001-1: S/ 94.40" in html
    bad = seller.post(reverse("sales:note_preview", args=[sale.pk, "07"]), {**data, "line-a1-quantity": "uno"})
    assert "cantidad" in bad.content.decode()
    assert SaleDocument.objects.count() == 1  # a preview issues nothing
    client.logout()
    stranger = login_client(client, make_user(other_company))
    assert stranger.post(reverse("sales:note_preview", args=[sale.pk, "07"]), data).status_code == 404


def test_accountant_cannot_sell_and_other_tenants_see_nothing(client, issuer, customer, rice, other_company):
    accountant = login_client(client, make_user(issuer, role="contador"))
    assert accountant.post(reverse("sales:sale_create"), form_data(customer, rice)).status_code == 403
    sale = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="03", series_code="B001", lines=[LineInput(description="Pan", quantity=Decimal("1"),
                                                            unit_price=Decimal("1.00"))]))
    client.logout()
    stranger = login_client(client, make_user(other_company))
    assert stranger.get(reverse("sales:document_detail", args=[sale.pk])).status_code == 404
    assert stranger.get(reverse("sales:document_file", args=[sale.pk, "xml"])).status_code == 404


def test_export_zip_download(seller, issuer, customer, rice):
    sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="01", series_code="F001", customer_id=customer.pk,
        lines=[LineInput(description="", quantity=Decimal("1"), unit_price=rice.price, product_id=rice.pk)]))
    today = SaleDocument.objects.get().issue_date.isoformat()
    response = seller.get(reverse("sales:export"), {"desde": today, "hasta": today})
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"{issuer.ruc}-01-F001-1.xml"]


def test_list_filters_by_number(seller, issuer, customer, rice):
    for _ in range(2):
        sale_issue(company=issuer, user=None, data=SaleInput(
            doc_type="01", series_code="F001", customer_id=customer.pk,
            lines=[LineInput(description="", quantity=Decimal("1"), unit_price=rice.price, product_id=rice.pk)]))
    html = seller.get(reverse("sales:document_list"), {"q": "F001-2"}).content.decode()
    assert "F001-2" in html and "F001-1<" not in html


def test_rejected_document_shows_sunats_message_and_a_way_forward(seller, issuer, customer, rice):
    sale = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="01", series_code="F001", customer_id=customer.pk,
        lines=[LineInput(description="", quantity=Decimal("3"), unit_price=rice.price, product_id=rice.pk)]))
    ElectronicDocument.objects.filter(document=sale).update(
        status=Status.REJECTED, cdr_code="2335", cdr_description="El documento electrónico ingresado ha sido alterado")
    html = seller.get(reverse("sales:document_detail", args=[sale.pk])).content.decode()
    assert "Rechazado" in html and "2335" in html and "ha sido alterado" in html
    new_url = reverse("sales:sale_create") + f"?desde={sale.pk}"
    assert new_url in html
    form = seller.get(new_url).content.decode()
    assert 'value="Arroz extra 5 kg"' in form and 'value="3"' in form and "Supermercados Peruanos" in form


def test_void_from_the_page_and_refusal_past_deadline(seller, issuer, customer, rice):
    from yupana.einvoicing.models import SummaryBatch

    sale = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="01", series_code="F001", customer_id=customer.pk,
        lines=[LineInput(description="", quantity=Decimal("1"), unit_price=rice.price, product_id=rice.pk)]))
    ElectronicDocument.objects.filter(document=sale).update(status=Status.ACCEPTED)
    page = seller.get(reverse("sales:document_detail", args=[sale.pk])).content.decode()
    assert "Anular" in page and "Plazo de SUNAT para la baja: hasta el" in page
    seller.post(reverse("sales:document_void", args=[sale.pk]), {"reason": "Error en el precio"})
    assert ElectronicDocument.objects.get(document=sale).status == Status.VOIDING
    assert SummaryBatch.objects.get().kind == "RA"
    # An old factura: the page explains the way (a credit note), and a forced POST is refused
    ten_days_ago = timezone.localdate() - dt.timedelta(days=10)
    old = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="01", series_code="F001", customer_id=customer.pk, issue_date=ten_days_ago,
        lines=[LineInput(description="", quantity=Decimal("1"), unit_price=rice.price, product_id=rice.pk)]),
        today=ten_days_ago)
    ElectronicDocument.objects.filter(document=old).update(status=Status.ACCEPTED)
    page = seller.get(reverse("sales:document_detail", args=[old.pk])).content.decode()
    assert "nota de crédito (motivo 01)" in page
    response = seller.post(reverse("sales:document_void", args=[old.pk]), {"reason": "Error"}, follow=True)
    assert "venció" in response.content.decode()
    assert ElectronicDocument.objects.get(document=old).status == Status.ACCEPTED


def test_send_daily_summary_now(seller, issuer, rice):
    from yupana.einvoicing.models import SummaryBatch

    sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="03", series_code="B001",
        lines=[LineInput(description="", quantity=Decimal("1"), unit_price=rice.price, product_id=rice.pk)]))
    page = seller.get(reverse("sales:document_list")).content.decode()
    assert "1 boleta esperando el resumen diario" in page
    response = seller.post(reverse("sales:summary_send"), follow=True)
    assert "Resúmenes diarios enviados: 1." in response.content.decode()
    batch = SummaryBatch.objects.get()
    assert batch.kind == "RC" and batch.lines.count() == 1


def test_document_page_reads_the_timeline_in_one_query_whoever_acted(seller, issuer, customer, rice):
    """Each event names who did it; reading each one's user apart made the page (and the status
    partial it polls) one query slower per event."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yupana.einvoicing.events import event_record
    from yupana.einvoicing.models import EventKind

    document = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="01", series_code="F001", customer_id=customer.pk,
        lines=[LineInput(description="", quantity=Decimal(1), unit_price=Decimal("23.60"), product_id=rice.pk)]))
    url = reverse("sales:document_detail", args=[document.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert seller.get(url).status_code == 200
        return len(captured)

    event_record(document=document, kind=EventKind.DOWNLOADED, user=make_user(issuer, role="contador"),
                 message="Descarga de la primera")
    before = queries()
    for number in range(4):
        event_record(document=document, kind=EventKind.DOWNLOADED, message=f"Descarga {number}",
                     user=make_user(issuer, role="vendedor", email=f"caja{number}@demo.pe"))
    page = seller.get(url).content.decode()
    assert page.count("Descarga ") == 5
    assert queries() == before
