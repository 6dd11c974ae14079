"""Sending a quotation: a real SMTP server on localhost (aiosmtpd) receives the mail with its PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from yupana.quotations.inputs import QuotationRefused
from yupana.quotations.models import Status
from yupana.quotations.services import quotation_accept, quotation_send

from .factories import TODAY, make_quotation, rice_line

pytestmark = pytest.mark.django_db


def test_email_carries_the_private_link_and_the_pdf(issuer, seller, customer, rice, smtp_inbox, client):
    # Given a quotation for ten bags (S/ 236.00)
    quotation = make_quotation(issuer, seller, customer, [rice_line(rice, "10")])
    # When it is sent to the customer
    quotation_send(company=issuer, user=seller, quotation_id=quotation.pk, to=["compras@spsa.pe"],
                   message="Precios especiales por volumen.", today=TODAY)
    # Then one message arrived, in Spanish, from the company, with the link and the PDF
    assert smtp_inbox.envelopes[0][1] == ["compras@spsa.pe"]
    message = smtp_inbox.messages[0]
    assert message["Subject"].strip() == "Cotización COT-000001 - Comercial Andina S.A.C."
    assert message["From"].addresses[0].display_name == "Comercial Andina S.A.C."
    body = message.get_body(("plain",)).get_content()
    assert "le envía la cotización COT-000001 por S/ 236.00, válida hasta el 05/12/2026" in body
    assert "Precios especiales por volumen." in body
    link = re.search(r"https?://\S+/cotizaciones/c/(\S+)/", body)
    assert link and link.group(1) == quotation.token
    files = {part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments()}
    assert list(files) == ["COT-000001-v1.pdf"]
    text = PdfReader(io.BytesIO(files["COT-000001-v1.pdf"])).pages[0].extract_text()
    assert "COTIZACIÓN" in text and "COT-000001" in text and "236.00" in text and "Arroz extra 5 kg" in text
    # And the quotation is sent, on its timeline
    quotation.refresh_from_db()
    assert quotation.status == Status.SENT and quotation.sent_at is not None
    event = quotation.events.get(kind="enviada")
    assert event.message == "Versión 1 enviada a compras@spsa.pe"


def test_bad_address_is_refused_naming_the_field(issuer, seller, customer, rice, smtp_inbox):
    quotation = make_quotation(issuer, seller, customer, [rice_line(rice)])
    with pytest.raises(QuotationRefused) as caught:
        quotation_send(company=issuer, user=seller, quotation_id=quotation.pk, to=["no-es-correo"], today=TODAY)
    assert caught.value.field == "to" and "no es un correo válido" in caught.value.messages[0]
    assert not smtp_inbox.messages
    quotation.refresh_from_db()
    assert quotation.status == Status.DRAFT


def test_smtp_down_is_recorded_and_the_quotation_stays_a_draft(issuer, seller, customer, rice, settings):
    from yupana.web.smtp_testing import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    quotation = make_quotation(issuer, seller, customer, [rice_line(rice)])
    with pytest.raises(QuotationRefused, match="No se pudo conectar con el servidor de correo"):
        quotation_send(company=issuer, user=seller, quotation_id=quotation.pk, to=["compras@spsa.pe"], today=TODAY)
    quotation.refresh_from_db()
    assert quotation.status == Status.DRAFT and quotation.events.filter(kind="correo_fallido").exists()


def test_the_business_gets_an_email_when_the_company_has_an_address(issuer, seller, customer, rice, smtp_inbox,
                                                                     django_capture_on_commit_callbacks):
    issuer.email = "ventas@andina.pe"
    issuer.save()
    quotation = make_quotation(issuer, seller, customer, [rice_line(rice)])
    quotation = quotation_send(company=issuer, user=seller, quotation_id=quotation.pk, to=["compras@spsa.pe"],
                               today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        quotation_accept(quotation=quotation, name="Rosa Huamán", today=TODAY)
    assert smtp_inbox.envelopes[-1][1] == ["ventas@andina.pe"]
    notice = smtp_inbox.messages[-1]
    assert notice["Subject"].strip() == "COT-000001: respuesta de Supermercados Peruanos S.A."
    assert "aceptada por Rosa Huamán" in notice.get_body(("plain",)).get_content()
