"""A real Chromium creates, searches, exports and imports customers, on a desktop and on a phone."""

import openpyxl
import pytest
from django.urls import reverse

from yupana.companies.testing import TEST_PASSWORD
from yupana.masterdata.models import Customer

from .factories import make_company, make_user
from .files import write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, email):
    page.goto(page.base_url + reverse("accounts:login"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button:has-text('Ingresar')")
    page.wait_for_url(lambda url: "/ingresar/" not in url)


def test_create_search_export_import(page, tmp_path):
    company = make_company(ruc="20100070970", name="Bodega Premium S.A.C.")
    make_user(company, email="admin@bodega.pe")
    login(page, "admin@bodega.pe")

    # Create a customer, with a wrong RUC first
    page.goto(page.base_url + reverse("masterdata:customer_list"))
    page.click("text=Nuevo cliente")
    # the link travels by htmx: wait for the form, or the list's own document-type filter gets the choice
    page.wait_for_url(lambda url: url.endswith(reverse("masterdata:customer_create")))
    page.wait_for_selector("form input[name=name]")
    page.select_option("select[name=document_type]", "6")
    page.fill("input[name=document_number]", "20131312956")
    page.fill("input[name=name]", "Comercial Andina S.A.C.")
    page.click("button:has-text('Guardar')")
    page.wait_for_selector("text=El RUC 20131312956 no es válido: el dígito verificador no coincide.")
    page.fill("input[name=document_number]", "20131312955")
    page.click("button:has-text('Guardar')")
    page.wait_for_selector("text=Se creó el cliente")
    assert "Comercial Andina S.A.C." in page.inner_text("h1")

    # Search as you type
    page.goto(page.base_url + reverse("masterdata:customer_list"))
    page.fill("#q", "andina")
    page.wait_for_selector("#results :text('1 cliente para «andina»')")
    page.fill("#q", "no-existe")
    page.wait_for_selector("#results :text('No hay clientes que coincidan')")
    page.fill("#q", "")
    page.wait_for_selector("#results :text('1 cliente')")

    # Export the list to Excel from the "Más" menu and read the file back
    page.click("summary:has-text('Más')")
    with page.expect_download() as download:
        page.click("text=Exportar a Excel")
    saved = tmp_path / "export.xlsx"
    download.value.save_as(saved)
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("RUC", "20131312955", "Comercial Andina S.A.C.")

    # Import two more customers from a CSV through the wizard
    csv_path = write_csv(tmp_path / "clientes.csv",
                         "RUC/DNI;Razón social;Teléfono\n45678901;José Pérez;987654321\n20100047218;Norte S.A.;\n",
                         encoding="cp1252")
    page.click("summary:has-text('Más')")
    page.click("text=Importar desde Excel o CSV")
    page.wait_for_selector("input[type=file]")
    page.set_input_files("input[type=file]", str(csv_path))
    page.click("button:has-text('Continuar')")
    page.wait_for_selector("text=Windows-1252")
    page.click("button:has-text('Revisar filas')")
    page.wait_for_selector("#confirm-import")
    assert Customer.objects.count() == 1  # nothing saved before confirming
    page.click("#confirm-import")
    page.wait_for_selector("text=Importación completa: 2 clientes nuevos")
    assert sorted(Customer.objects.values_list("name", flat=True)) == [
        "Comercial Andina S.A.C.", "José Pérez", "Norte S.A."]
    page.fill("#q", "jose")
    page.wait_for_selector("#results :text('José Pérez')")


def test_list_fits_a_phone(browser, live_server, tmp_path):
    company = make_company(ruc="20100070970", name="Bodega Premium S.A.C.")
    make_user(company, email="cel@bodega.pe")
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE", is_mobile=True)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        login(page, "cel@bodega.pe")
        page.goto(page.base_url + reverse("masterdata:product_create"))
        page.fill("input[name=unit_code]", "lit")
        page.wait_for_function("document.querySelector('#unit-options option[value=LTR]') !== null")
        page.screenshot(path=str(tmp_path / "producto-nuevo-360.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.fill("input[name=code]", "P1")
        page.fill("input[name=description]", "Arroz extra 5 kg")
        page.fill("input[name=unit_code]", "KGM")
        page.fill("input[name=price]", "25.50")
        page.click("button:has-text('Guardar')")
        page.wait_for_selector("text=Se creó el producto")
        page.goto(page.base_url + reverse("masterdata:product_list"))
        page.wait_for_selector("text=Arroz extra 5 kg")
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(tmp_path / "productos-360.png"), full_page=True)
        assert width <= 360, f"la página se desborda a {width}px en un teléfono"
    finally:
        context.close()
