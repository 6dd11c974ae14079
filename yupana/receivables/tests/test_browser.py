"""In a real browser: sell on credit with the sale form, record a partial payment, and open the
private statement link as the customer (a fresh browser with no session)."""

from __future__ import annotations

import re

import pytest

from yupana.companies.testing import TEST_PASSWORD, make_user
from yupana.receivables.models import Receivable
from yupana.sales.tests.factories import make_issuer, make_product

from .factories import make_buyer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_credit_sale_partial_payment_and_the_customers_statement_link(page, browser, transactional_db):
    company = make_issuer()
    buyer = make_buyer(company, limit="1000.00", days=30)
    make_product(company)  # Arroz extra 5 kg at S/ 23.60
    user = make_user(company, role="administrador", email="caja@andina.pe")

    # Sign in and sell 10 bags of rice on credit (S/ 236.00)
    page.goto(page.base_url + "/ventas/nueva/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button:has-text('Ingresar')")
    # The login page's own URL ends with "?next=/ventas/nueva/": wait until it is gone
    page.wait_for_url(lambda url: "/ingresar/" not in url and url.endswith("/ventas/nueva/"))
    # Type only once htmx has taken the search box (text typed before that sends no search)
    page.wait_for_function("() => !!document.querySelector('#customer_q')?.['htmx-internal-data']")
    page.select_option("#document", "01:F001")
    page.fill("#customer_q", "distribuidora")
    page.check("#customer-results label:has-text('Distribuidora Sur') input")
    # The credit box of the picked customer appears
    page.wait_for_selector("#customer-credit [data-figure=available]:has-text('S/ 1,000.00')")
    page.select_option("#payment_terms", "credito")
    page.fill("#product_q", "arroz")
    page.click("#product-results button:has-text('Arroz extra 5 kg')")
    page.locator(".line", has=page.locator("input[value='Arroz extra 5 kg']")).locator(
        "input[name$='-quantity']").fill("10")
    page.wait_for_function("document.querySelector('#total-amount')?.textContent.includes('236.00')")
    page.click("#issue-button")
    page.wait_for_url(re.compile(r"/ventas/\d+/$"))
    assert Receivable.objects.get(customer=buyer).balance == 236

    # Record a partial payment of S/ 100.00 by Yape from the customer's account
    page.goto(page.base_url + f"/cobranzas/clientes/{buyer.pk}/")
    assert "S/ 236.00" in page.text_content("[data-figure=used]")
    page.click("a:has-text('Registrar pago')")
    page.select_option("#id_method", "yape_plin")
    page.fill("#id_reference", "YP-5521")
    page.fill("#id_amount", "100.00")
    page.click("button:has-text('Registrar pago')")
    page.wait_for_url(re.compile(r"/cobranzas/pagos/\d+/$"))
    assert "aplicado a F001-1 · cuota 1 (S/ 100.00)" in page.text_content(".messages")

    # Create the private link and open it as the customer, in a browser with no session, on a phone
    page.goto(page.base_url + f"/cobranzas/clientes/{buyer.pk}/")
    page.click("button:has-text('Crear enlace privado')")
    page.wait_for_selector("#statement-link")
    link = page.input_value("#statement-link")
    path = link[link.index("/cobranzas/estado/"):]
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE")
    try:
        customer_page = phone.new_page()
        customer_page.goto(page.base_url + path)
        assert "Estado de cuenta de Distribuidora Sur S.A.C." in customer_page.text_content("h1")
        assert customer_page.text_content("[data-figure=closing]").strip() == "S/ 136.00"
        rows = customer_page.locator("table.statement tbody tr").all_text_contents()
        assert any("F001-1" in row and "236.00" in row for row in rows)
        assert any("Pago" in row and "Yape / Plin · YP-5521" in row and "100.00" in row for row in rows)
        assert customer_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        phone.close()
