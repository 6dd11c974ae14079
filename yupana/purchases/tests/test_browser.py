"""A real Chromium registers a purchase, then sees the stock and the kardex it produced."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yupana.companies.testing import TEST_PASSWORD, make_user
from yupana.inventory.tests.factories import make_product, make_stock_company

from .factories import OUR_RUC, make_supplier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, email):
    page.goto(page.base_url + reverse("accounts:login"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button:has-text('Ingresar')")
    page.wait_for_url(lambda url: "/ingresar/" not in url)


def test_register_a_purchase_and_see_stock_and_kardex(page):
    company = make_stock_company(ruc=OUR_RUC)
    make_user(company, email="admin@bodega.pe")
    supplier = make_supplier(company)
    make_product(company, code="ARZ01", description="Arroz extra 5 kg")
    login(page, "admin@bodega.pe")

    page.goto(page.base_url + reverse("purchases:purchase_list"))
    page.click("text=Registrar compra")
    page.fill("#ruc", supplier.ruc)
    page.fill("#serie", "F001")
    page.fill("#numero", "4521")
    page.fill("#emision", "2026-11-10")
    page.fill("#codigo_0", "ARZ01")
    page.fill("#cantidad_0", "12")
    page.fill("#valor_0", "15.50")
    # 12 x 15.50 = 186.00 + IGV 33.48 = 219.48; a typo first
    page.fill("#total", "219.84")
    page.click("button:has-text('Registrar compra')")
    page.wait_for_selector("text=Los importes de las líneas suman 219.48 y el documento dice 219.84")
    assert page.input_value("#numero") == "4521"
    page.fill("#total", "219.48")
    page.click("button:has-text('Registrar compra')")
    page.wait_for_selector("text=registrada: el stock ya la incluye")
    assert "S/ 219.48" in page.inner_text("[data-total=document]")

    page.goto(page.base_url + reverse("inventory:stock_list"))
    row = page.locator("#stock tbody tr", has_text="ARZ01")
    assert "12" in row.inner_text() and "S/ 186.00" in row.inner_text() and "15.5000" in row.inner_text()

    row.locator("a", has_text="Arroz extra 5 kg").click()
    page.wait_for_url(lambda url: "/inventario/kardex/" in url)
    page.fill("#desde", "2026-11-01")
    page.fill("#hasta", "2026-11-30")
    page.click("button:has-text('Ver kardex')")
    page.wait_for_selector("#kardex :text('Compra')")
    first = page.locator("#kardex tbody tr").first.inner_text()
    assert "10/11/2026" in first and "0970 F001-4521" in first and "186.00" in first
    assert "12 u., S/ 186.00" in page.inner_text("[data-kardex=closing]")
