"""E-mail to the customer, received by a real SMTP server on localhost."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from yupana.delivery.models import DeliverySettings, EmailDelivery
from yupana.delivery.services import DeliveryRefused, document_email_send
from yupana.einvoicing.models import DocumentEvent
from yupana.sunat import cdr as sunat_cdr

from .factories import issue_factura
from yupana.web.smtp_testing import free_port

pytestmark = pytest.mark.django_db


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments()}


def test_pdf_and_xml_arrive_in_spanish_from_the_company(issuer, customer, rice, smtp_inbox, settings):
    settings.YUPANA_PUBLIC_URL = "https://yupana.example.pe"
    # Given a customer with two addresses
    customer.emails = "compras@spsa.pe, pagos@spsa.pe"
    customer.save()
    document = issue_factura(issuer, customer, rice)
    # When the document is e-mailed
    record = document_email_send(document=document)
    # Then the SMTP server received one message for both addresses, with the PDF and the signed XML
    assert record.status == "enviado"
    assert smtp_inbox.envelopes[0][1] == ["compras@spsa.pe", "pagos@spsa.pe"]
    message = smtp_inbox.messages[0]
    # Django folds an encoded subject onto a continuation line; readers unfold it with a leading space
    assert message["Subject"].strip() == "Factura electrónica F001-1 - Comercial Andina S.A.C."
    assert message["From"].addresses[0].display_name == "Comercial Andina S.A.C."
    body = message.get_body(("plain",)).get_content()
    assert "le envía su factura electrónica F001-1" in body and "S/ 47.20" in body
    assert "en https://yupana.example.pe/consulta/ con el RUC del emisor" in body
    files = attachments(message)
    name = "20123456786-01-F001-1"
    assert sorted(files) == [f"{name}.pdf", f"{name}.xml"]
    assert files[f"{name}.xml"] == bytes(document.electronic.xml)
    assert "S/ 47.20" in PdfReader(io.BytesIO(files[f"{name}.pdf"])).pages[0].extract_text()
    # And the send is on the timeline
    event = DocumentEvent.objects.get(document=document, kind="correo")
    assert "compras@spsa.pe, pagos@spsa.pe" in event.message and event.data["result"] == "enviado"


def test_cdr_is_attached_on_request(issuer, customer, rice, smtp_inbox, simulator):
    customer.emails = "compras@spsa.pe"
    customer.save()
    document = issue_factura(issuer, customer, rice, accept_with=simulator)
    assert document.electronic.status == "aceptado"
    document_email_send(document=document, include_cdr=True)
    files = attachments(smtp_inbox.messages[0])
    cdr = files["R-20123456786-01-F001-1.zip"]
    assert sunat_cdr.parse(cdr).accepted


def test_missing_customer_email_is_explained_and_nothing_sent(issuer, customer, rice, smtp_inbox):
    document = issue_factura(issuer, customer, rice)
    with pytest.raises(DeliveryRefused) as refused:
        document_email_send(document=document)
    assert "no tiene correo" in refused.value.message and refused.value.field == "to"
    assert smtp_inbox.messages == [] and not EmailDelivery.objects.exists()


def test_an_unreachable_server_is_recorded_as_failed(issuer, customer, rice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    document = issue_factura(issuer, customer, rice)
    record = document_email_send(document=document, to=["compras@spsa.pe"])
    assert record.status == "fallido" and "No se pudo conectar" in record.error
    event = DocumentEvent.objects.get(document=document, kind="correo")
    assert event.message.startswith("No se pudo enviar el correo a compras@spsa.pe")


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it used
def test_acceptance_sends_the_email_when_the_company_wants_it(issuer, customer, rice, smtp_inbox, simulator):
    from django.core.management import call_command

    from yupana.delivery.services import document_accepted

    DeliverySettings.objects.create(company=issuer, email_on_acceptance=True, attach_cdr=True)
    customer.emails = "compras@spsa.pe"
    customer.save()
    document = issue_factura(issuer, customer, rice, accept_with=simulator)
    # The invoicing layer called the hook when it stored the CDR; the task runs in the worker
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload", verbosity=0)
    assert len(smtp_inbox.messages) == 1
    assert sorted(attachments(smtp_inbox.messages[0])) == [
        "20123456786-01-F001-1.pdf", "20123456786-01-F001-1.xml", "R-20123456786-01-F001-1.zip"]
    assert EmailDelivery.objects.get().trigger == "aceptacion"
    # A second acceptance notice does not send it twice
    document_accepted(document.electronic.pk)
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload", verbosity=0)
    assert len(smtp_inbox.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_boleta_accepted_in_the_daily_summary_is_emailed_too(issuer, person, rice, smtp_inbox, simulator):
    import datetime as dt
    from decimal import Decimal

    from django.core.management import call_command

    from yupana.einvoicing.batches import batch_dispatch_once, summaries_create
    from yupana.sales.inputs import LineInput, SaleInput
    from yupana.sales.services import sale_issue

    DeliverySettings.objects.create(company=issuer, email_on_acceptance=True)
    person.emails = "maria.quispe@correo.pe"
    person.save()
    today = dt.date.today()
    boleta = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="03", series_code="B001", customer_id=person.pk, issue_date=today - dt.timedelta(days=1),
        lines=[LineInput(description="", quantity=Decimal("1"), unit_price=rice.price, product_id=rice.pk)]))
    batch = summaries_create(issuer, before=today)[0]
    batch_dispatch_once(batch.pk)  # ticket
    batch_dispatch_once(batch.pk)  # verdict: the boleta is accepted in the summary
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload", verbosity=0)
    assert smtp_inbox.envelopes[0][1] == ["maria.quispe@correo.pe"]
    assert sorted(attachments(smtp_inbox.messages[0])) == [f"{boleta.electronic.name}.pdf",
                                                           f"{boleta.electronic.name}.xml"]
