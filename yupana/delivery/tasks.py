"""Background e-mail on acceptance (default queue): the SUNAT worker never waits for SMTP."""

from __future__ import annotations

from django_tasks import task


@task()
def email_on_acceptance(document_pk: int) -> str:
    from yupana.sales.models import SaleDocument

    from .services import DeliveryRefused, customer_emails, document_email_send

    document = SaleDocument.objects.select_related("company", "electronic", "customer").get(pk=document_pk)
    if not customer_emails(document):
        return "sin correo"
    try:
        return document_email_send(document=document, trigger="aceptacion").status
    except DeliveryRefused as exc:
        return exc.message
