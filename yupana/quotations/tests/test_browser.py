"""The whole round trip in a real browser: the seller creates and sends a quotation, the customer
opens the e-mailed link on a 360 px phone and accepts, the seller converts it into a factura and
sees SUNAT (the simulator, through a real `yupana worker`) accept it."""

from __future__ import annotations

import re

import pytest

from yupana.companies.models import BoletaDispatch
from yupana.companies.testing import TEST_PASSWORD, make_user
from yupana.quotations.models import Quotation
from yupana.sales.tests.factories import make_customer, make_issuer, make_product
from yupana.sales.tests.test_browser import sunat_stack  # noqa: F401 (fixture: simulator + worker)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_quotation_round_trip_to_an_accepted_factura(page, browser, sunat_stack, smtp_inbox):  # noqa: F811
    company = make_issuer(boleta_dispatch=BoletaDispatch.INDIVIDUAL)
    make_customer(company, emails="compras@spsa.pe")
    make_product(company)
    user = make_user(company, role="vendedor", email="vende@andina.pe", full_name="Víctor Vendedor")

    # The seller signs in and creates the quotation: customer and product by search, live totals
    page.goto(page.base_url + "/cotizaciones/nueva/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button:has-text('Ingresar')")
    # The login page's own URL ends with "?next=/cotizaciones/nueva/": wait until it is gone
    page.wait_for_url(lambda url: "/ingresar/" not in url and url.endswith("/cotizaciones/nueva/"))
    # Type only once htmx has taken the search box (text typed before that sends no search)
    page.wait_for_function("() => !!document.querySelector('#customer_q')?.['htmx-internal-data']")
    page.fill("#customer_q", "supermercados")
    page.check("#customer-results label:has-text('Supermercados Peruanos') input")
    page.fill("#product_q", "arroz")
    page.click("#product-results button:has-text('Arroz extra 5 kg')")
    row = page.locator(".line", has=page.locator("input[value='Arroz extra 5 kg']"))
    row.locator("input[name$='-quantity']").fill("10")
    page.wait_for_function("document.querySelector('#total-amount')?.textContent.includes('236.00')")
    assert "36.00" in page.text_content("#total-igv")
    page.click("#save-button")
    page.wait_for_url(re.compile(r"/cotizaciones/\d+/$"))
    assert "Cotización COT-000001" in page.text_content("h1")

    # It is sent by e-mail (a real SMTP server on localhost receives it)
    page.click("#send-link")
    assert page.input_value("#to") == "compras@spsa.pe"
    page.click("#send-button")
    page.wait_for_url(re.compile(r"/cotizaciones/\d+/$"))
    assert "Enviada" in page.text_content("[data-status]")
    body = smtp_inbox.messages[0].get_body(("plain",)).get_content()
    link = re.search(r"http\S+/cotizaciones/c/\S+/", body).group(0)
    path = link[link.index("/cotizaciones/"):]

    # The customer opens the link on a phone, without signing in, and accepts
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE",
                                timezone_id="America/Lima", is_mobile=True, has_touch=True)
    phone.set_default_timeout(15000)
    customer_page = phone.new_page()
    customer_page.goto(page.base_url + path)
    assert "COT-000001" in customer_page.text_content("h1")
    assert "S/ 236.00" in customer_page.text_content("#quotation-total")
    assert customer_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    customer_page.fill("#name", "Rosa Huamán Torres")
    customer_page.click("#accept-button")
    customer_page.wait_for_selector("#public-outcome")
    assert "Cotización aceptada por Rosa Huamán Torres" in customer_page.text_content("#public-outcome")
    phone.close()

    # The seller sees the answer and converts it into a factura in one step (review, then issue)
    page.reload()
    assert "Aceptada" in page.text_content("[data-status]")
    assert "Rosa Huamán Torres" in page.text_content("#accepted-by")
    page.click("#convert-link")
    page.wait_for_url(re.compile(r"/facturar/$"))
    page.select_option("#document", "01:F001")
    page.click("#issue-button")
    page.wait_for_url(re.compile(r"/ventas/\d+/$"))
    assert "Factura F001-1" in page.text_content("h1")
    page.wait_for_selector("[data-status=aceptado]", timeout=30000)
    assert "COT-000001" in page.text_content("#quotation-origin")  # the factura links back

    # Every step is on the quotation's timeline
    quotation = Quotation.objects.get()
    assert quotation.status == "facturada"
    kinds = list(quotation.events.values_list("kind", flat=True))
    assert kinds == ["creada", "enviada", "vista", "aceptada", "facturada"]
    page.goto(page.base_url + f"/cotizaciones/{quotation.pk}/")
    assert "F001-1" in page.text_content("#quotation-documents")
