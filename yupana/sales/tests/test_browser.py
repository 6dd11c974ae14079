"""A user issues a factura and a boleta in a real browser (360 px wide) and sees SUNAT accept them:
live server + `yupana worker` subprocess + simulator subprocess, all on one SQLite file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from yupana.companies.models import BoletaDispatch
from yupana.companies.testing import TEST_PASSWORD, make_user
from yupana.simulator.testing import running_simulator

from .factories import make_customer, make_issuer, make_product

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PROJECT_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def sunat_stack(transactional_db, tmp_path, settings):
    if connection.vendor != "sqlite":
        env_db = os.environ.get("DATABASE_URL", "")
        db_url = env_db.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    else:
        db_url = "sqlite:///" + connection.settings_dict["NAME"]
    with running_simulator(tmp_path, ticket_delay=0) as simulator:
        settings.YUPANA_SIMULATOR_URL = simulator.url
        env = dict(os.environ, DATABASE_URL=db_url, YUPANA_SIMULATOR_URL=simulator.url,
                   DJANGO_SETTINGS_MODULE="yupana.project.settings", YUPANA_VAR_DIR=str(tmp_path / "var"))
        (tmp_path / "var").mkdir()
        log = (tmp_path / "worker.log").open("wb")
        worker = subprocess.Popen([sys.executable, "-m", "yupana.cli", "worker", "--no-startup-delay"],
                                  cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield simulator
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
            log.close()


def _login(page, email):
    page.goto(page.base_url + "/ventas/nueva/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button:has-text('Ingresar')")
    # The login page's own URL ends with "?next=/ventas/nueva/": wait until it is gone
    page.wait_for_url(lambda url: "/ingresar/" not in url and url.endswith("/ventas/nueva/"))
    # Type only once htmx has taken the search box (text typed before that sends no search)
    page.wait_for_function("() => !!document.querySelector('#customer_q')?.['htmx-internal-data']")


def _add_rice(page, quantity):
    page.fill("#product_q", "arroz")
    page.click("#product-results button:has-text('Arroz extra 5 kg')")
    row = page.locator(".line", has=page.locator("input[value='Arroz extra 5 kg']"))
    row.locator("input[name$='-quantity']").fill(quantity)


def _seller_on_a_phone(page, email):
    """A seller of a company with a customer and a product, signed in on a 360 px screen."""
    company = make_issuer(boleta_dispatch=BoletaDispatch.INDIVIDUAL)
    make_customer(company)
    make_product(company)
    user = make_user(company, role="vendedor", email=email)
    page.set_viewport_size({"width": 360, "height": 740})
    _login(page, user.email)


def _factura_to_supermercados(page, quantity, total):
    """Fill the sale form: factura, customer by search, rice by search; wait for the live total."""
    page.select_option("#document", "01:F001")
    page.fill("#customer_q", "supermercados")
    page.check("#customer-results label:has-text('Supermercados Peruanos') input")
    _add_rice(page, quantity)
    page.wait_for_function(f"document.querySelector('#total-amount')?.textContent.includes('{total}')")


def test_issue_factura_and_boleta_in_the_browser_and_see_them_accepted(page, sunat_stack):
    _seller_on_a_phone(page, "vende@andina.pe")

    # Factura: customer by search, a product by search, live totals as the quantity changes
    _factura_to_supermercados(page, "2", "47.20")
    assert "7.20" in page.text_content("#total-igv")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.click("#issue-button")
    page.wait_for_url(re.compile(r"/ventas/\d+/$"))
    assert "Factura F001-1" in page.text_content("h1")
    page.wait_for_selector("[data-status=aceptado]", timeout=30000)

    # Boleta to "clientes varios"
    page.goto(page.base_url + "/ventas/nueva/")
    page.select_option("#document", "03:B001")
    _add_rice(page, "1")
    page.wait_for_function("document.querySelector('#total-amount')?.textContent.includes('23.60')")
    page.click("#issue-button")
    page.wait_for_url(re.compile(r"/ventas/\d+/$"))
    assert "Boleta de venta B001-1" in page.text_content("h1")
    page.wait_for_selector("[data-status=aceptado]", timeout=30000)
    assert "CDR recibido" in page.text_content(".timeline")


def test_credit_note_from_an_accepted_factura_with_live_totals(page, sunat_stack):
    _seller_on_a_phone(page, "notas@andina.pe")
    _factura_to_supermercados(page, "3", "70.80")
    page.click("#issue-button")
    page.wait_for_selector("[data-status=aceptado]", timeout=30000)

    # The note starts from the factura's lines; returning 1 of the 3 bags shows its total as you type
    page.click("a:has-text('Nota de crédito')")
    page.wait_for_url(re.compile(r"/nota/07/$"))
    page.wait_for_function("document.querySelector('#total-amount')?.textContent.includes('70.80')")
    assert "Total de F001-1: S/ 70.80" in page.text_content("#totals")
    page.select_option("#reason", "07")
    page.fill("#reason_text", "Devolución de una bolsa")
    page.locator("input[name$='-quantity']").first.fill("1")
    page.wait_for_function("document.querySelector('#total-amount')?.textContent.includes('23.60')")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.click("button:has-text('Emitir nota')")
    page.wait_for_url(re.compile(r"/ventas/\d+/$"))
    assert "FC01-1" in page.text_content("h1")
    page.wait_for_selector("[data-status=aceptado]", timeout=30000)
