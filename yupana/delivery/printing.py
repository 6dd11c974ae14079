"""What a printed representation shows, gathered once from the stored document.

The figures come from the stored document (written by the SUNAT core's tax engine); the QR text is
the core's ``qr.qr_text`` over the recomputed document and the signature's DigestValue, so the
printed QR always matches the signed XML.
"""

from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings as django_settings
from django.urls import reverse

from yupana.sunat import qr, words

from .models import DeliverySettings, PrintFormat

TITLES = {"01": "FACTURA ELECTRÓNICA", "03": "BOLETA DE VENTA ELECTRÓNICA",
          "07": "NOTA DE CRÉDITO ELECTRÓNICA", "08": "NOTA DE DÉBITO ELECTRÓNICA"}
IDENTITY = {"6": "RUC", "1": "DNI", "4": "CE", "7": "PASAPORTE", "0": "DOC", "-": ""}


def public_base_url() -> str:
    """Where customers reach the lookup page (printed on every document)."""
    return (getattr(django_settings, "YUPANA_PUBLIC_URL", "") or os.environ.get("YUPANA_PUBLIC_URL")
            or "http://localhost:8000").rstrip("/")


def delivery_settings_for(company) -> DeliverySettings:
    found = DeliverySettings.objects.for_company(company).first()
    return found or DeliverySettings.objects.get_or_create(company=company)[0]


def qr_png_data_uri(text: str) -> str:
    """The QR as a PNG data URI: a real bitmap in the PDF that any reader (and the tests) can decode."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def logo_data_uri(options: DeliverySettings, company) -> str:
    if options.logo:
        return f"data:{options.logo_type or 'image/png'};base64," + base64.b64encode(bytes(options.logo)).decode()
    if company.logo:
        try:
            with company.logo.open("rb") as handle:
                return "data:image/png;base64," + base64.b64encode(handle.read()).decode()
        except (OSError, ValueError):
            return ""
    return ""


COMPANY_FIELDS = ("ruc", "business_name", "trade_name", "display_name", "address", "urbanization", "district",
                  "province", "department", "phone", "email")


def public_company(company) -> SimpleNamespace:
    """Only what a printed document may show: a company's template must never reach its SOL password
    or certificate (Django templates call argument-less methods)."""
    return SimpleNamespace(**{name: getattr(company, name, "") for name in COMPANY_FIELDS})


DOCUMENT_FIELDS = ("pk", "doc_type", "series_code", "number", "document_id", "issue_date", "due_date",
                   "customer_doc_type", "customer_doc_number", "customer_name", "customer_address", "currency",
                   "currency_symbol", "exchange_rate", "payment_terms", "observations", "total_gravadas",
                   "total_exoneradas", "total_inafectas", "total_gratuitas", "total_discount", "total_igv",
                   "total_icbper", "total", "note_reason", "note_reason_text", "reference_id", "is_note")
LINE_FIELDS = ("position", "code", "description", "unit_code", "quantity", "unit_price", "price_includes_igv",
               "discount", "affectation", "unit_value", "value", "igv", "total")


def public_document(document) -> SimpleNamespace:
    """The document's printable fields only (no path to its company, user or other rows)."""
    data = {name: getattr(document, name, None) for name in DOCUMENT_FIELDS}
    data.update(get_doc_type_display=document.get_doc_type_display(),
                get_currency_display=document.get_currency_display(),
                get_payment_terms_display=document.get_payment_terms_display(),
                reference=SimpleNamespace(document_id=document.reference.document_id,
                                          doc_type=document.reference.doc_type) if document.reference_id else None)
    return SimpleNamespace(**data)


def public_rows(rows, fields) -> list[SimpleNamespace]:
    return [SimpleNamespace(**{name: getattr(row, name, None) for name in fields}) for row in rows]


@dataclass
class Printable:
    """Everything a format template needs; templates receive it as ``doc`` plus shortcuts."""

    document: object
    company: object
    options: DeliverySettings
    lines: list
    installments: list
    title: str
    qr_text: str
    digest: str
    words: str
    status: str
    lookup_url: str

    def context(self, fmt: str) -> dict:
        d = self.document
        return {
            "doc": public_document(d), "company": public_company(self.company),
            "lines": public_rows(self.lines, LINE_FIELDS),
            "installments": public_rows(self.installments, ("position", "amount", "due_date")),
            "title": self.title, "qr_text": self.qr_text, "qr_image": qr_png_data_uri(self.qr_text),
            "digest": self.digest, "amount_in_words": self.words, "status": self.status,
            "lookup_url": self.lookup_url, "logo": logo_data_uri(self.options, self.company),
            "color": self.options.primary_color, "footer": self.options.footer_text,
            "customer_id_label": IDENTITY.get(d.customer_doc_type, ""), "symbol": d.currency_symbol,
            "format": fmt, "ticket_height": 150 + 9 * len(self.lines) + 5 * len(self.installments),
            "legend": f"Representación impresa de la {self.title.lower()}",
        }


def printable(document) -> Printable:
    """Gather the printed data of a stored sale document (one query per relation)."""
    from yupana.einvoicing.services import document_compute

    company = document.company
    lines = list(document.lines.all())
    installments = list(document.installments.all())
    electronic = getattr(document, "electronic", None)
    digest = electronic.digest if electronic else ""
    computed = document_compute(document, lines, installments)
    return Printable(
        document=document, company=company, options=delivery_settings_for(company), lines=lines,
        installments=installments, title=TITLES.get(document.doc_type, "COMPROBANTE ELECTRÓNICO"),
        qr_text=qr.qr_text(computed, digest), digest=digest,
        words=words.amount_in_words(document.total, document.currency),
        status=electronic.get_status_display() if electronic else "",
        lookup_url=public_base_url() + reverse("delivery:lookup"),
    )


def format_for(options: DeliverySettings, requested: str | None) -> str:
    return requested if requested in PrintFormat.values else options.default_format
