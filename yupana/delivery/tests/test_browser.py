"""In a real browser: find a document in the list, open it, download its PDF and e-mail it.

Live server + headless Chromium + a real SMTP server on localhost (the live server runs in this
process, so it uses the test's e-mail settings)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from yupana.companies.testing import TEST_PASSWORD, make_user

from .factories import issue_factura

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
def test_open_download_pdf_and_send_by_email(page, issuer, customer, rice, smtp_inbox):
    # Given an issued factura of S/ 47.20 and a customer without e-mail
    document = issue_factura(issuer, customer, rice)
    make_user(issuer, email="ana@andina.pe", role="administrador")
    # When the user signs in and finds it in the document list
    page.goto(page.base_url + "/reportes/comprobantes/")
    page.fill("input[name=email]", "ana@andina.pe")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button:has-text('Ingresar')")
    page.wait_for_url(re.compile(r"/reportes/comprobantes/$"))
    with page.expect_response(lambda response: "q=F001-1" in response.url):
        page.fill("#q", "F001-1")
    page.click("a:has-text('Factura F001-1')")
    page.wait_for_selector("h2:has-text('Enviar por correo')")
    assert page.locator("h1").inner_text() == "Factura F001-1"
    assert page.locator("text=El cliente no tiene correo registrado").is_visible()
    # Then the PDF downloads with the document's totals
    with page.expect_download() as download_info:
        page.click("a[data-download=pdf]")
    download = download_info.value
    assert download.suggested_filename == "20123456786-01-F001-1.pdf"
    text = PdfReader(io.BytesIO(open(download.path(), "rb").read())).pages[0].extract_text()
    assert "S/ 47.20" in text and "CUARENTA Y SIETE CON 20/100 SOLES" in text
    # And sending it to a typed address (kept in the customer's record) reaches the SMTP server
    page.fill("input[name=to]", "compras@spsa.pe")
    page.check("input[name=save_to_customer]")
    page.click("button:has-text('Enviar correo')")
    page.wait_for_selector("text=Correo enviado a compras@spsa.pe")
    assert smtp_inbox.envelopes[0][1] == ["compras@spsa.pe"]
    names = sorted(part.get_filename() for part in smtp_inbox.messages[0].iter_attachments())
    assert names == ["20123456786-01-F001-1.pdf", "20123456786-01-F001-1.xml"]
    # And the timeline shows the send
    assert page.locator("ol.timeline >> text=Enviado por correo a compras@spsa.pe").count() == 1


@pytest.mark.django_db(transaction=True)
def test_bulk_zip_downloads_with_a_progress_bar(page, issuer, customer, rice):
    import zipfile

    first, second = issue_factura(issuer, customer, rice), issue_factura(issuer, customer, rice, quantity="1")
    make_user(issuer, email="ana@andina.pe", role="administrador")
    page.goto(page.base_url + "/reportes/comprobantes/")
    page.fill("input[name=email]", "ana@andina.pe")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button:has-text('Ingresar')")
    page.wait_for_url(re.compile(r"/reportes/comprobantes/$"))
    with page.expect_download() as download_info:
        page.click("a:has-text('Descargar XML y CDR (ZIP)')")
    download = download_info.value
    assert download.suggested_filename.startswith("comprobantes-20123456786-")
    names = sorted(zipfile.ZipFile(download.path()).namelist())
    assert [n.split("/")[1] for n in names] == [f"{first.electronic.name}.xml", f"{second.electronic.name}.xml"]
    assert page.locator("[data-zip-progress]").evaluate("bar => bar.value") == 100
    assert page.locator("[data-zip-status]").inner_text() == "Listo: 2 comprobantes descargados."
