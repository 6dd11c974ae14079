"""Print, e-mail and hand out sale documents; change how a company prints them.

Every e-mail (with its result) and every download by a customer is written to the document's
timeline (``DocumentEvent`` kinds ``correo`` and ``descarga``).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from yupana.einvoicing.events import event_record
from yupana.einvoicing.models import ACCEPTED_STATES, EventKind

from . import email as mail
from .models import DeliverySettings, EmailDelivery, EmailStatus, PrintFormat
from .pdf import RenderError, render_pdf
from .printing import delivery_settings_for, format_for, printable

log = logging.getLogger(__name__)
LOGO_MAX_BYTES = 512 * 1024
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
COLOR_PATTERN = r"^#[0-9a-fA-F]{6}$"


class DeliveryRefused(Exception):
    """The action cannot be done; ``message`` is Spanish and ``field`` names what to fix."""

    def __init__(self, message: str, field: str = ""):
        self.message = message
        self.field = field
        super().__init__(message)


# --- printed representation ---

def document_pdf(*, document, fmt: str | None = None) -> bytes:
    """The PDF of a stored document in ``fmt`` (the company's default when None).

    A company template that stopped rendering (e.g. a field removed later) falls back to the
    built-in one, so a customer always gets a document."""
    data = printable(document)
    fmt = format_for(data.options, fmt)
    context = data.context(fmt)
    source = data.options.template_for(fmt)
    if source:
        try:
            return render_pdf(source=source, context=context)
        except RenderError:
            pass
    return render_pdf(template_name=f"delivery/pdf/{fmt}.html", context=context)


def file_names(document) -> dict[str, str]:
    name = document.electronic.name
    return {"pdf": f"{name}.pdf", "xml": f"{name}.xml", "cdr": f"R-{name}.zip"}


def document_file(*, document, kind: str, fmt: str | None = None) -> tuple[str, bytes, str] | None:
    """(file name, bytes, MIME type) of the PDF, signed XML or CDR; None when there is no CDR yet."""
    electronic = document.electronic
    names = file_names(document)
    if kind == "pdf":
        return names["pdf"], document_pdf(document=document, fmt=fmt), "application/pdf"
    if kind == "xml":
        return names["xml"], bytes(electronic.xml), "application/xml"
    if kind == "cdr":
        if not electronic.cdr:
            return None
        return names["cdr"], bytes(electronic.cdr), "application/zip"
    raise ValueError(kind)


def download_record(*, document, kind: str, by: str = "cliente", user=None) -> None:
    """A download on the timeline: ``by`` is "cliente" (public page) or "usuario"."""
    label = {"pdf": "PDF", "xml": "XML", "cdr": "CDR"}[kind]
    who = "el cliente desde la página pública" if by == "cliente" else "un usuario"
    event_record(document=document, kind=EventKind.DOWNLOADED, user=user, message=f"{label} descargado por {who}",
                 data={"file": kind, "by": by})


# --- e-mail ---

def customer_emails(document) -> list[str]:
    customer = document.customer
    raw = customer.emails if customer is not None else ""
    return [item.strip() for item in raw.replace(";", ",").split(",") if item.strip()]


def _lookup_url() -> str:
    from django.urls import reverse

    from .printing import public_base_url

    return public_base_url() + reverse("delivery:lookup")


def _body(document, company, names: list[str]) -> str:
    return (
        f"Estimado(a) cliente {document.customer_name}:\n\n"
        f"{company.business_name} (RUC {company.ruc}) le envía su {document.get_doc_type_display().lower()} "
        f"electrónica {document.document_id} del {document.issue_date:%d/%m/%Y} por "
        f"{document.currency_symbol} {document.total:,.2f}.\n\n"
        f"Adjuntamos: {', '.join(names)}.\n\n"
        f"También puede consultarlo y descargarlo en cualquier momento en {_lookup_url()} "
        "con el RUC del emisor, el tipo, la serie, el número, la fecha de emisión y el importe total.\n\n"
        f"Atentamente,\n{company.display_name}\n"
    )


def document_email_send(*, document, user=None, to: list[str] | None = None, include_cdr: bool | None = None,
                        trigger: str = "manual") -> EmailDelivery:
    """E-mail the PDF and XML (and the CDR when asked or set) to the customer; the result is recorded.

    Raises DeliveryRefused when there is no address (the page offers to add one)."""
    recipients = to if to is not None else customer_emails(document)
    recipients = [item.strip() for item in recipients if item and item.strip()]
    if not recipients:
        raise DeliveryRefused("El cliente no tiene correo registrado. Agregue uno en su ficha o escriba "
                              "la dirección para este envío.", "to")
    company = document.company
    options = delivery_settings_for(company)
    with_cdr = options.attach_cdr if include_cdr is None else include_cdr
    files = [document_file(document=document, kind="pdf"), document_file(document=document, kind="xml")]
    if with_cdr:
        cdr = document_file(document=document, kind="cdr")
        if cdr:
            files.append(cdr)
    names = [name for name, _, _ in files]
    subject = f"{document.get_doc_type_display()} electrónica {document.document_id} - {company.business_name}"
    outcome = mail.send_with_attachments(
        subject=subject, body=_body(document, company, names), to=recipients, from_email=mail.sender_for(company),
        attachments=files, reply_to=[company.email] if company.email else None)
    now = timezone.now()
    with transaction.atomic():
        record = EmailDelivery.objects.create(
            company=company, document=document, recipients=", ".join(recipients), attachments=names,
            status=EmailStatus.SENT if outcome.sent else EmailStatus.FAILED, error=outcome.error,
            trigger=trigger, at=now, user=user)
        if outcome.sent:
            message = f"Enviado por correo a {', '.join(recipients)} ({', '.join(names)})"
        else:
            message = f"No se pudo enviar el correo a {', '.join(recipients)}: {outcome.error}"
        event_record(document=document, kind=EventKind.EMAILED, user=user, at=now, message=message,
                     data={"to": recipients, "files": names, "result": record.status, "trigger": trigger})
    return record


def document_accepted(electronic_pk: int, company_id: int | None = None) -> None:
    """Hook for the invoicing layer: on acceptance, queue the e-mail when the company wants it.

    ``company_id``, when the caller knows it, lets a company that does not e-mail on acceptance
    (the default) cost one query. Never raises: a delivery problem must not disturb the SUNAT
    worker that stored the CDR."""
    try:
        _queue_acceptance_email(electronic_pk, company_id)
    except Exception:  # noqa: BLE001
        log.exception("No se pudo encolar el correo de aceptación del comprobante %s", electronic_pk)


def _wants_acceptance_email(company_id: int) -> bool:
    return DeliverySettings.objects.filter(company_id=company_id, email_on_acceptance=True).exists()


def _queue_acceptance_email(electronic_pk: int, company_id: int | None = None) -> None:
    from yupana.einvoicing.models import ElectronicDocument

    if company_id is not None and not _wants_acceptance_email(company_id):
        return
    row = ElectronicDocument.objects.filter(pk=electronic_pk).values("company_id", "status", "document_id").first()
    if not row or row["status"] not in ACCEPTED_STATES:
        return
    if company_id is None and not _wants_acceptance_email(row["company_id"]):
        return
    if EmailDelivery.objects.filter(document_id=row["document_id"], trigger="aceptacion").exists():
        return
    from .tasks import email_on_acceptance

    email_on_acceptance.enqueue(row["document_id"])


# --- format settings ---

def logo_check(upload) -> tuple[bytes, str]:
    """The logo's bytes and MIME type; refuses big files and anything Pillow cannot open as PNG/JPEG."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise DeliveryRefused(f"El logo pesa {upload.size // 1024} KB; el máximo es {LOGO_MAX_BYTES // 1024} KB.",
                              "logo")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise DeliveryRefused("El logo no es una imagen válida: suba un archivo PNG o JPG.", "logo") from None
    if kind not in LOGO_TYPES:
        raise DeliveryRefused("El logo debe ser PNG o JPG.", "logo")
    return data, LOGO_TYPES[kind]


@dataclass
class Preview:
    pdf: bytes | None
    error: str = ""


def template_preview(*, company, fmt: str, source: str, document=None) -> Preview:
    """Render ``source`` (a Django template) for ``document`` (the latest one, or a sample)."""
    from .samples import sample_printable

    data = printable(document) if document is not None else sample_printable(company)
    try:
        if source.strip():
            return Preview(render_pdf(source=source, context=data.context(fmt)))
        return Preview(render_pdf(template_name=f"delivery/pdf/{fmt}.html", context=data.context(fmt)))
    except RenderError as exc:
        return Preview(None, str(exc))


def settings_update(*, company, user, default_format: str, primary_color: str, footer_text: str,
                    email_on_acceptance: bool, attach_cdr: bool, logo=None, remove_logo: bool = False,
                    template_format: str | None = None, template_source: str | None = None) -> DeliverySettings:
    """Save the format settings; a template is stored only when it renders (else DeliveryRefused)."""
    import re

    from yupana.audit.services import audit_record

    if default_format not in PrintFormat.values:
        raise DeliveryRefused("Elija el formato por defecto: A4 o ticket.", "default_format")
    if not re.match(COLOR_PATTERN, primary_color or ""):
        raise DeliveryRefused("El color debe escribirse como #RRGGBB, por ejemplo #1f4e79.", "primary_color")
    if len(footer_text or "") > 300:
        raise DeliveryRefused("El texto al pie admite 300 caracteres como máximo.", "footer_text")
    logo_data = logo_check(logo) if logo else None
    options = delivery_settings_for(company)
    before = {"default_format": options.default_format, "primary_color": options.primary_color,
              "footer_text": options.footer_text, "email_on_acceptance": options.email_on_acceptance,
              "attach_cdr": options.attach_cdr}
    if template_format is not None and template_source is not None:
        if template_format not in PrintFormat.values:
            raise DeliveryRefused("Formato de plantilla inválido.", "template_format")
        if template_source.strip():
            preview = template_preview(company=company, fmt=template_format, source=template_source)
            if preview.error:
                raise DeliveryRefused(preview.error + " Se mantiene la plantilla anterior.", "template_source")
        setattr(options, f"template_{template_format}", template_source.strip())
    options.default_format, options.primary_color = default_format, primary_color
    options.footer_text, options.email_on_acceptance, options.attach_cdr = footer_text or "", email_on_acceptance, attach_cdr
    if logo_data:
        options.logo, options.logo_type = logo_data
    elif remove_logo:
        options.logo, options.logo_type = None, ""
    with transaction.atomic():
        options.save()
        after = {key: getattr(options, key) for key in before}
        changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
        if logo_data or remove_logo:
            changes["logo"] = ["", "nuevo" if logo_data else "quitado"]
        if template_format is not None and template_source is not None:
            changes[f"template_{template_format}"] = ["", "actualizada" if template_source.strip() else "la de Yupana"]
        if changes:
            audit_record(company=company, user=user, action="editar", instance=options, changes=changes)
    return options


def customer_email_add(*, document, emails: list[str], user) -> None:
    """Keep the address typed for a send in the customer's record (through master data's service)."""
    from yupana.masterdata.services import customer_update

    customer = document.customer
    known = customer_emails(document)
    merged = known + [item for item in emails if item not in known]
    if merged != known:
        customer_update(customer=customer, user=user, emails=", ".join(merged))
