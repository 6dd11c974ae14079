"""Document page actions and format settings through the real views."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from yupana.delivery.models import DeliverySettings
from yupana.delivery.services import document_pdf

from .factories import issue_factura

pytestmark = pytest.mark.django_db


def png(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_document_page_offers_pdf_and_explains_a_missing_email(issuer_client, issuer, customer, rice):
    document = issue_factura(issuer, customer, rice)
    page = issuer_client.get(reverse("delivery:document", args=[document.pk]))
    assert page.status_code == 200
    assert "El cliente no tiene correo registrado" in page.content.decode()
    pdf = issuer_client.get(reverse("delivery:download", args=[document.pk, "pdf"]) + "?formato=ticket")
    assert pdf["Content-Disposition"] == 'attachment; filename="20123456786-01-F001-1.pdf"'
    assert round(float(PdfReader(io.BytesIO(pdf.content)).pages[0].mediabox.width) / 72 * 25.4) == 80
    # Sending without an address explains instead of failing
    response = issuer_client.post(reverse("delivery:email", args=[document.pk]), {"to": ""})
    assert response.status_code == 422
    assert "no tiene correo registrado" in response.content.decode()


def test_send_to_a_typed_address_and_keep_it_in_the_customer(issuer_client, issuer, customer, rice, smtp_inbox):
    document = issue_factura(issuer, customer, rice)
    response = issuer_client.post(reverse("delivery:email", args=[document.pk]),
                                  {"to": "compras@spsa.pe", "save_to_customer": "on"})
    assert response.status_code == 302
    assert smtp_inbox.envelopes[0][1] == ["compras@spsa.pe"]
    customer.refresh_from_db()
    assert customer.emails == "compras@spsa.pe"


def test_invalid_typed_address_is_named(issuer_client, issuer, customer, rice):
    document = issue_factura(issuer, customer, rice)
    response = issuer_client.post(reverse("delivery:email", args=[document.pk]), {"to": "compras@, otro"})
    assert response.status_code == 422
    assert "«compras@» no es un correo válido." in response.content.decode()


def test_another_companys_document_is_a_404(client, issuer, customer, rice):
    from yupana.companies.testing import login_client, make_company, make_user

    document = issue_factura(issuer, customer, rice)
    login_client(client, make_user(make_company()))
    for url in (reverse("delivery:document", args=[document.pk]),
                reverse("delivery:download", args=[document.pk, "xml"])):
        assert client.get(url).status_code == 404


def settings_post(**extra):
    data = {"default_format": "ticket", "primary_color": "#aa0000", "footer_text": "Gracias por su compra"}
    data.update(extra)
    return data


def test_settings_save_logo_colour_footer_and_default_format(issuer_client, issuer, customer, rice):
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = issuer_client.post(reverse("delivery:settings"), settings_post(logo=logo))
    assert response.status_code == 302
    options = DeliverySettings.objects.get(company=issuer)
    assert (options.default_format, options.primary_color, options.logo_type) == ("ticket", "#aa0000", "image/png")
    document = issue_factura(issuer, customer, rice)
    data = document_pdf(document=document)  # the company's default: ticket
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 80
    assert "Gracias por su compra" in page.extract_text()
    assert len(page.images) == 2  # the logo and the QR


@pytest.mark.parametrize("name,content,message", [
    ("logo.png", b"not an image at all", "El logo no es una imagen válida"),
    ("logo.png", b"\x89PNG" + b"0" * (600 * 1024), "El logo pesa 600 KB; el máximo es 512 KB."),
])
def test_bad_logos_are_refused_with_a_message(issuer_client, issuer, name, content, message):
    logo = SimpleUploadedFile(name, content, content_type="image/png")
    response = issuer_client.post(reverse("delivery:settings"), settings_post(logo=logo))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not DeliverySettings.objects.filter(company=issuer, logo__isnull=False).exists()


def test_a_broken_template_shows_the_error_and_the_previous_one_stays(issuer_client, issuer, customer, rice):
    url = reverse("delivery:template")
    good = "<html><body><p>MI FORMATO {{ doc.series_code }}-{{ doc.number }} {{ amount_in_words }}</p></body></html>"
    saved = issuer_client.post(url, {"template_format": "a4", "template_source": good, "accion": "guardar"})
    assert saved.status_code == 200 and "Plantilla guardada" in saved.content.decode()
    # A template with a syntax error: the preview explains, saving is refused
    broken = "<p>{% if doc.total %}sin cerrar</p>"
    preview = issuer_client.post(url, {"template_format": "a4", "template_source": broken, "accion": "vista"})
    assert preview.status_code == 422
    assert "error de sintaxis" in preview.content.decode() and "La plantilla en uso no cambió" in preview.content.decode()
    refused = issuer_client.post(url, {"template_format": "a4", "template_source": broken, "accion": "guardar"})
    assert refused.status_code == 422 and "Se mantiene la plantilla anterior" in refused.content.decode()
    assert DeliverySettings.objects.get(company=issuer).template_a4 == good
    # Documents keep printing with the previous (good) template
    document = issue_factura(issuer, customer, rice)
    text = PdfReader(io.BytesIO(document_pdf(document=document, fmt="a4"))).pages[0].extract_text()
    assert "MI FORMATO F001-1 CUARENTA Y SIETE CON 20/100 SOLES" in text


def test_preview_renders_a_working_template(issuer_client, issuer):
    response = issuer_client.post(reverse("delivery:template"), {"template_format": "a4", "template_source": "",
                                                                 "accion": "vista"})
    assert response.status_code == 200
    assert "data:application/pdf;base64," in response.content.decode()


def test_only_administrators_change_formats(client, issuer):
    from yupana.companies.testing import login_client, make_user

    login_client(client, make_user(issuer, role="vendedor"))
    assert client.get(reverse("delivery:settings")).status_code == 403


def test_a_company_template_cannot_reach_secrets(issuer_client, issuer, customer, rice):
    source = ("<p>[{{ company.sol_password }}][{{ doc.company.sol_password }}][{{ doc.created_by.password }}]"
              "[{{ lines.0.product.company.sol_password }}]{{ company.ruc }}</p>")
    saved = issuer_client.post(reverse("delivery:template"),
                               {"template_format": "a4", "template_source": source, "accion": "guardar"})
    assert saved.status_code == 200
    document = issue_factura(issuer, customer, rice)
    text = PdfReader(io.BytesIO(document_pdf(document=document, fmt="a4"))).pages[0].extract_text()
    assert text.strip() == "[][][][]20123456786"
