"""The quotation's PDF in the company's format (its colour, logo and footer from delivery's settings)
and the e-mail with the private link, through delivery's reusable helpers."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse

from yupana.delivery.email import Outcome, send_with_attachments, sender_for
from yupana.delivery.pdf import render_pdf
from yupana.delivery.printing import delivery_settings_for, logo_data_uri, public_base_url, public_company

LINE_FIELDS = ("position", "code", "description", "unit_code", "quantity", "unit_price", "discount", "value",
               "igv", "total")
HEADER_FIELDS = ("code", "version", "customer_name", "customer_doc_type", "customer_doc_number", "issue_date",
                 "valid_until", "currency", "currency_symbol", "terms", "notes", "total_gravadas",
                 "total_exoneradas", "total_inafectas", "total_discount", "total_igv", "total")
IDENTITY = {"6": "RUC", "1": "DNI", "4": "CE", "7": "PASAPORTE", "0": "DOC", "-": ""}


def public_url(quotation) -> str:
    return public_base_url() + reverse("quotations:public", args=[quotation.token])


def quotation_url(quotation) -> str:
    return public_base_url() + reverse("quotations:quotation_detail", args=[quotation.pk])


def printable(quotation) -> dict:
    """Plain values only: the template never reaches the company's secrets or other rows."""
    options = delivery_settings_for(quotation.company)
    doc = SimpleNamespace(**{name: getattr(quotation, name) for name in HEADER_FIELDS})
    doc.customer_id_label = IDENTITY.get(quotation.customer_doc_type, "")
    doc.seller = quotation.seller.full_name if quotation.seller_id else ""
    lines = [SimpleNamespace(**{name: getattr(line, name) for name in LINE_FIELDS}) for line in quotation.lines.all()]
    return {"doc": doc, "lines": lines, "company": public_company(quotation.company),
            "color": options.primary_color or "#1f4e79", "footer": options.footer_text,
            "logo": logo_data_uri(options, quotation.company), "link": public_url(quotation)}


def quotation_pdf(quotation) -> bytes:
    return render_pdf(template_name="quotations/pdf.html", context=printable(quotation))


def pdf_name(quotation) -> str:
    return f"{quotation.code}-v{quotation.version}.pdf"


def quotation_email_send(*, quotation, to: list[str], message: str = "") -> Outcome:
    company = quotation.company
    body = (
        f"Estimado(a) {quotation.customer_name}:\n\n"
        f"{company.display_name} le envía la cotización {quotation.code} por "
        f"{quotation.currency_symbol} {quotation.total:,.2f}, válida hasta el {quotation.valid_until:%d/%m/%Y}.\n\n"
        + (f"{message.strip()}\n\n" if message.strip() else "")
        + "Véala y acéptela, recházela o pida cambios desde su celular en este enlace privado:\n"
        + f"{public_url(quotation)}\n\n"
        "El enlace vence con la cotización. Adjuntamos el PDF.\n\n"
        f"Atentamente,\n{company.display_name}\n"
    )
    reply_to = [company.email] if company.email else None
    return send_with_attachments(
        subject=f"Cotización {quotation.code} - {company.display_name}", body=body, to=to,
        from_email=sender_for(company), reply_to=reply_to,
        attachments=[(pdf_name(quotation), quotation_pdf(quotation), "application/pdf")])
