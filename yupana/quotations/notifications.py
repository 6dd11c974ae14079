"""Tell the business that a customer answered: an in-app notice, and an e-mail when the company has
an address in its settings (sent after commit; a mail problem never undoes the answer)."""

from __future__ import annotations

from django.db import transaction

from .events import notify


def business_notify(*, quotation, message: str, at=None) -> None:
    notify(quotation=quotation, message=message, at=at)
    address = (quotation.company.email or "").strip()
    if address:
        transaction.on_commit(lambda: _email_business(quotation.pk, address, message))


def _email_business(quotation_pk: int, address: str, message: str) -> None:
    from yupana.delivery.email import send_with_attachments, sender_for

    from .delivery import quotation_url
    from .models import Quotation

    quotation = Quotation.objects.select_related("company").get(pk=quotation_pk)
    body = (f"La cotización {quotation.code} para {quotation.customer_name}: {message}.\n\n"
            f"{quotation.answer_text}\n\nVéala en Yupana: {quotation_url(quotation)}\n").replace("\n\n\n\n", "\n\n")
    send_with_attachments(subject=f"{quotation.code}: respuesta de {quotation.customer_name}", body=body,
                          to=[address], from_email=sender_for(quotation.company), attachments=[])
