"""The business's screens: form, list with filters and exports, detail, versions, conversion."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from yupana.quotations.models import Quotation, Status

from .factories import make_quotation, mark_sent, rice_line

pytestmark = pytest.mark.django_db


def form_data(customer, rice, quantity="3", **extra):
    today = timezone.localdate()
    data = {"customer_id": str(customer.pk), "issue_date": today.isoformat(),
            "valid_until": (today + dt.timedelta(days=10)).isoformat(), "currency": "PEN",
            "line": ["k1"], "line-k1-product": str(rice.pk), "line-k1-description": "Arroz extra 5 kg",
            "line-k1-quantity": quantity, "line-k1-price": "23.60", "line-k1-discount": "",
            "line-k1-unit": "NIU", "line-k1-affectation": "10", "line-k1-code": "ARZ01",
            "terms": "Entrega en 48 horas"}
    data.update(extra)
    return data


def test_quotation_form_offers_a_new_customer_with_ruc_first(seller_web):
    # Quotations go mostly to businesses: RUC comes selected in the inline customer form
    html = seller_web.get(reverse("quotations:quotation_create")).content.decode()
    new_customer = html.split("<summary>Cliente nuevo</summary>")[1].split("</details>")[0]
    assert '<option value="6" selected>' in new_customer and 'value="1" selected' not in new_customer


def test_create_from_the_form_and_live_totals(seller_web, customer, rice):
    preview = seller_web.post(reverse("quotations:quotation_preview"), form_data(customer, rice))
    assert "S/ 70.80" in preview.content.decode() and "S/ 10.80" in preview.content.decode()
    response = seller_web.post(reverse("quotations:quotation_create"), form_data(customer, rice))
    quotation = Quotation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("quotations:quotation_detail",
                                                                           args=[quotation.pk])
    assert quotation.total.__str__() == "70.80" and quotation.terms == "Entrega en 48 horas"
    page = seller_web.get(response["Location"]).content.decode()
    assert "Cotización COT-000001" in page and "Borrador" in page and "Entrega en 48 horas" in page


def test_bad_quantity_is_explained_on_the_form_and_nothing_saved(seller_web, customer, rice):
    response = seller_web.post(reverse("quotations:quotation_create"), form_data(customer, rice, quantity="abc"))
    assert response.status_code == 422
    assert "Línea 1, cantidad: escriba un número" in response.content.decode()
    response = seller_web.post(reverse("quotations:quotation_create"),
                               form_data(customer, rice, valid_until="2000-01-01"))
    assert "Válida hasta: no puede ser anterior" in response.content.decode()
    assert not Quotation.objects.exists()


def test_list_filters_search_and_exports(seller_web, issuer, seller, customer, person, rice):
    today = timezone.localdate()
    first = make_quotation(issuer, seller, customer, [rice_line(rice, "1")], today=today)
    second = mark_sent(make_quotation(issuer, seller, person, [rice_line(rice, "2")], today=today))
    url = reverse("quotations:quotation_list")

    def results(params=None):  # the table only (the dashboard box above it lists quotations too)
        return seller_web.get(url, params or {}).content.decode().split('id="results"')[1]

    page = results()
    assert "COT-000001" in page and "COT-000002" in page
    page = results({"estado": "enviada"})
    assert "COT-000002" in page and "COT-000001" not in page
    page = results({"q": "quispe"})
    assert "COT-000002" in page and "COT-000001" not in page
    page = results({"q": "COT-1"})
    assert "COT-000001" in page and "COT-000002" not in page
    full = seller_web.get(url).content.decode()
    assert f'<option value="{customer.pk}">Supermercados Peruanos S.A.</option>' in full
    page = results({"cliente": customer.pk})
    assert "COT-000001" in page and "COT-000002" not in page
    page = seller_web.get(url, {"desde": "fecha"}).content.decode()
    assert "Desde: fecha inválida (AAAA-MM-DD)." in page
    # Excel with the filtered rows
    from openpyxl import load_workbook

    response = seller_web.get(url, {"estado": "enviada", "formato": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Número", "Fecha", "Válida hasta", "Cliente")
    assert [r[0] for r in rows[1:]] == ["COT-000002"] and rows[1][7] == 47.2
    response = seller_web.get(url, {"formato": "pdf"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert first and second


def test_versions_are_readable(seller_web, issuer, seller, customer, rice):
    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice, "10")],
                                         today=timezone.localdate()))
    response = seller_web.post(reverse("quotations:quotation_edit", args=[quotation.pk]),
                               form_data(customer, rice, quantity="5"))
    assert response.status_code == 302
    detail = seller_web.get(reverse("quotations:quotation_detail", args=[quotation.pk])).content.decode()
    assert "versión 2" in detail and "Versión 1" in detail
    old = seller_web.get(reverse("quotations:quotation_version", args=[quotation.pk, 1])).content.decode()
    assert "Total PEN 236.00" in old
    assert seller_web.get(reverse("quotations:quotation_version", args=[quotation.pk, 9])).status_code == 404


def test_convert_from_the_review_page_links_both_ways(seller_web, issuer, seller, customer, rice):
    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice, "10")],
                                         today=timezone.localdate()))
    line = quotation.lines.get()
    url = reverse("quotations:quotation_convert", args=[quotation.pk])
    review = seller_web.get(url).content.decode()
    assert 'value="10"' in review and "Factura F001" in review
    # Beyond the quantity: explained, nothing issued
    response = seller_web.post(url, {"document": "01:F001", f"quantity-{line.pk}": "11", "payment_terms": "contado"})
    assert response.status_code == 422 and "quedan 10 por facturar" in response.content.decode()
    response = seller_web.post(url, {"document": "01:F001", f"quantity-{line.pk}": "4", "payment_terms": "contado"})
    assert response.status_code == 302
    detail = seller_web.get(reverse("quotations:quotation_detail", args=[quotation.pk])).content.decode()
    assert "F001-1" in detail and "Facturada en parte" in detail
    from yupana.quotations.templatetags.quotations import quotation_link
    from yupana.sales.models import SaleDocument

    link = quotation_link(SaleDocument.objects.get())["link"]
    assert link.quotation == quotation


def test_another_company_cannot_see_or_convert(client, issuer, seller, customer, rice, other_company):
    from yupana.companies.testing import login_client, make_user

    quotation = make_quotation(issuer, seller, customer, [rice_line(rice)], today=timezone.localdate())
    outsider = login_client(client, make_user(other_company, role="administrador", email="otro@otra.pe"))
    for name in ("quotation_detail", "quotation_edit", "quotation_pdf", "quotation_convert", "quotation_send"):
        assert outsider.get(reverse(f"quotations:{name}", args=[quotation.pk])).status_code == 404
    assert outsider.post(reverse("quotations:quotation_convert", args=[quotation.pk]),
                         {"document": "01:F001"}).status_code == 404
    assert "COT-000001" not in outsider.get(reverse("quotations:quotation_list")).content.decode()
    quotation.refresh_from_db()
    assert quotation.status == Status.DRAFT


def test_dashboard_panel_awaiting_and_conversion_rate(seller_web, issuer, seller, customer, rice):
    from decimal import Decimal

    from yupana.quotations.inputs import ConvertInput
    from yupana.quotations.services import quotation_convert

    today = timezone.localdate()
    quotations = [mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice, "1")], today=today))
                  for _ in range(4)]
    quotation_convert(company=issuer, user=seller, quotation_id=quotations[0].pk,
                      data=ConvertInput("01", "F001", {quotations[0].lines.get().pk: Decimal("1")}))
    page = seller_web.get(reverse("quotations:dashboard")).content.decode()
    # 1 of 4 sent this month became a factura: 25.0 %; 3 still await an answer
    assert 'id="awaiting-count">3<' in page and "25.0 %" in page


def test_home_page_loads_the_quotation_box(seller_web):
    assert 'hx-get="/cotizaciones/panel/"' in seller_web.get("/").content.decode()


def test_help_pages_exist_for_each_screen(seller_web):
    from yupana.web.help import find_page

    for name in ("quotation-list", "quotation-create", "quotation-edit", "quotation-detail", "quotation-send",
                 "quotation-convert"):
        assert find_page(f"quotations-{name}").parent.name == "help", name
        assert find_page(f"quotations-{name}").parent.parent.name == "quotations", name
        page = seller_web.get(reverse("web:help", args=[f"quotations-{name}"])).content.decode()
        assert "otizaci" in page, name


def test_the_accountant_reads_but_cannot_create_send_or_convert(accountant_client, company):
    assert accountant_client.get(reverse("quotations:quotation_list")).status_code == 200
    assert accountant_client.post(reverse("quotations:quotation_create"), {}).status_code == 403
    assert not Quotation.objects.exists()


def test_an_accepted_quotation_is_not_edited(seller_web, issuer, seller, customer, rice):
    from yupana.quotations.services import quotation_accept

    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice)], today=timezone.localdate()))
    quotation_accept(quotation=quotation, name="Rosa Huamán")
    response = seller_web.post(reverse("quotations:quotation_edit", args=[quotation.pk]),
                               form_data(customer, rice, quantity="50"))
    assert response.status_code == 302
    quotation.refresh_from_db()
    assert quotation.status == Status.ACCEPTED and quotation.lines.get().quantity == 10
