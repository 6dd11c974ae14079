"""Quotation services: create, edit (a new version once sent), send, the customer's answers, expiry and
conversion into facturas or boletas through ``sales.services.sale_issue``.

Keyword-only; the clock (``now`` / ``today``) can be pinned by the caller. Refusals raise
``QuotationRefused`` with Spanish messages naming the field; nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from yupana.companies.models import Company
from yupana.masterdata.models import Customer, Product
from yupana.sales.inputs import LineInput, SaleInput
from yupana.sales.services import DocumentRejected, SaleRefused, sale_issue

from . import notifications
from .events import event_record
from .inputs import ConvertInput, QuotationInput, QuotationRefused
from .models import (CONVERTIBLE, EDITABLE, EventKind, Quotation, QuotationDocument, QuotationLine,
                     QuotationVersion, Status)
from .pricing import quotation_compute

MAX_VALIDITY_DAYS = 366
FINAL_ANSWERS = (Status.ACCEPTED, Status.REJECTED, Status.PARTLY_INVOICED, Status.INVOICED)


def _today(today=None) -> dt.date:
    return today or timezone.localdate()


# --- create and edit ---------------------------------------------------------------------------------

def _validate(company, data: QuotationInput, today: dt.date):
    if not data.customer_id:
        raise QuotationRefused("Cliente: elija o cree el cliente de la cotización.", "customer")
    customer = Customer.objects.for_company(company).filter(pk=data.customer_id).first()
    if customer is None:
        raise QuotationRefused("Cliente: no existe en su empresa.", "customer")
    issue_date = data.issue_date or today
    if data.valid_until is None:
        raise QuotationRefused("Válida hasta: indique hasta qué fecha vale la cotización.", "valid_until")
    if data.valid_until < issue_date:
        raise QuotationRefused("Válida hasta: no puede ser anterior a la fecha de la cotización.", "valid_until")
    if (data.valid_until - issue_date).days > MAX_VALIDITY_DAYS:
        raise QuotationRefused("Válida hasta: como máximo un año desde la fecha de la cotización.", "valid_until")
    if data.currency not in ("PEN", "USD"):
        raise QuotationRefused("Moneda: soles (PEN) o dólares (USD).", "currency")
    if not data.lines:
        raise QuotationRefused("Líneas: agregue al menos un producto o servicio.", "lines")
    ids = {item.product_id for item in data.lines if item.product_id}
    products = {p.pk: p for p in Product.objects.for_company(company).filter(pk__in=ids)}
    lines = []
    for index, item in enumerate(data.lines):
        label = f"Línea {index + 1}"
        product = products.get(item.product_id) if item.product_id else None
        if item.product_id and product is None:
            raise QuotationRefused(f"{label}: el producto no existe.", f"lines[{index}].product")
        if item.quantity is None or item.quantity <= 0:
            raise QuotationRefused(f"{label}, cantidad: debe ser mayor que cero.", f"lines[{index}].quantity")
        if item.unit_price is None or item.unit_price < 0:
            raise QuotationRefused(f"{label}, precio: no puede ser negativo.", f"lines[{index}].unit_price")
        if item.discount and item.discount < 0:
            raise QuotationRefused(f"{label}, descuento: no puede ser negativo.", f"lines[{index}].discount")
        description = (item.description or (product.description if product else "")).strip()
        if not description:
            raise QuotationRefused(f"{label}, descripción: escriba qué se cotiza.", f"lines[{index}].description")
        lines.append(QuotationLine(
            position=index + 1, product=product, code=item.code or (product.code if product else ""),
            description=description, unit_code=item.unit_code or (product.unit_code if product else "NIU"),
            quantity=item.quantity, unit_price=item.unit_price, price_includes_igv=item.price_includes_igv,
            discount=item.discount or Decimal("0"), affectation=item.affectation or "10"))
    header, figures = quotation_compute(company=company, customer=customer, currency=data.currency,
                                        issue_date=issue_date, lines=lines)
    for line, figure in zip(lines, figures):
        line.value, line.igv, line.total = figure["value"], figure["igv"], figure["total"]
    return customer, issue_date, header, lines


def quotation_preview(*, company, data: QuotationInput, today=None):
    """Totals for the form (same checks and engine as saving, nothing written)."""
    _, _, header, lines = _validate(company, data, _today(today))
    return header, lines


def _apply(quotation: Quotation, customer, issue_date, header, data: QuotationInput, company) -> None:
    quotation.customer = customer
    quotation.customer_name = customer.name
    quotation.customer_doc_type = customer.document_type
    quotation.customer_doc_number = customer.document_number
    quotation.issue_date = issue_date
    quotation.valid_until = data.valid_until
    quotation.currency = data.currency
    quotation.terms = data.terms.strip()
    quotation.notes = data.notes.strip()
    if data.seller_id:
        from yupana.accounts.models import Membership

        if not Membership.objects.for_company(company).filter(user_id=data.seller_id).exists():
            raise QuotationRefused("Vendedor: no es usuario de su empresa.", "seller")
        quotation.seller_id = data.seller_id
    for name, value in header.items():
        setattr(quotation, name, value)


def quotation_create(*, company, user, data: QuotationInput, today=None) -> Quotation:
    customer, issue_date, header, lines = _validate(company, data, _today(today))
    with transaction.atomic():
        Company.objects.select_for_update().filter(pk=company.pk).first()  # numbering: one at a time
        last = Quotation.objects.for_company(company).aggregate(n=Max("number"))["n"] or 0
        quotation = Quotation(company=company, number=last + 1, token=secrets.token_urlsafe(32),
                              seller=user if data.seller_id is None else None, created_by=user)
        _apply(quotation, customer, issue_date, header, data, company)
        quotation.full_clean(exclude=["customer", "seller", "created_by"])
        quotation.save()
        for line in lines:
            line.quotation = quotation
        QuotationLine.objects.bulk_create(lines)
        event_record(quotation=quotation, kind=EventKind.CREATED, user=user,
                     message=f"{quotation.code} por {quotation.currency_symbol} {quotation.total}")
    return quotation


def snapshot(quotation: Quotation) -> dict:
    """The version as the customer saw it, in plain JSON (amounts as strings)."""
    fields = ("customer_name", "customer_doc_type", "customer_doc_number", "currency", "terms", "notes",
              "total_gravadas", "total_exoneradas", "total_inafectas", "total_discount", "total_igv", "total")
    data = {name: str(getattr(quotation, name)) for name in fields}
    data.update(issue_date=quotation.issue_date.isoformat(), valid_until=quotation.valid_until.isoformat(),
                status=quotation.status, sent_at=quotation.sent_at.isoformat() if quotation.sent_at else "")
    data["lines"] = [{name: str(getattr(line, name)) for name in
                      ("code", "description", "unit_code", "quantity", "unit_price", "discount", "value", "igv",
                       "total")} for line in quotation.lines.all()]
    return data


def quotation_update(*, company, user, quotation_id: int, data: QuotationInput, today=None) -> Quotation:
    """Edit; a quotation already sent keeps its previous version readable and becomes a new draft version."""
    customer, issue_date, header, lines = _validate(company, data, _today(today))
    with transaction.atomic():
        quotation = Quotation.objects.for_company(company).select_for_update().get(pk=quotation_id)
        if quotation.status not in EDITABLE:
            raise QuotationRefused(f"La cotización está {quotation.get_status_display().lower()}: ya no se "
                                   "modifica; cree una nueva.", "status")
        was_sent = quotation.sent_at is not None
        if was_sent:
            QuotationVersion.objects.create(quotation=quotation, version=quotation.version,
                                            snapshot=snapshot(quotation))
            quotation.version += 1
            quotation.status = Status.DRAFT
            quotation.sent_at = quotation.viewed_at = quotation.answered_at = None
            quotation.answer_text = ""
        _apply(quotation, customer, issue_date, header, data, company)
        quotation.save()
        quotation.lines.all().delete()
        for line in lines:
            line.quotation = quotation
        QuotationLine.objects.bulk_create(lines)
        if was_sent:
            event_record(quotation=quotation, kind=EventKind.VERSIONED, user=user,
                         message=f"Versión {quotation.version}; la versión {quotation.version - 1} sigue disponible.")
        else:
            event_record(quotation=quotation, kind=EventKind.EDITED, user=user)
    return quotation


# --- sending and the customer's answers --------------------------------------------------------------

def quotation_expire_if_due(quotation: Quotation, *, today=None) -> bool:
    """Mark an unanswered quotation past its validity as vencida (on read and by the daily task)."""
    today = _today(today)
    if quotation.status in (Status.DRAFT, Status.SENT, Status.VIEWED) and quotation.valid_until < today:
        updated = Quotation.objects.filter(pk=quotation.pk, status=quotation.status).update(status=Status.EXPIRED)
        if updated:
            quotation.status = Status.EXPIRED
            event_record(quotation=quotation, kind=EventKind.EXPIRED,
                         message=f"Venció el {quotation.valid_until:%d/%m/%Y} sin respuesta.")
        return True
    return False


def quotations_expire(*, company=None, today=None) -> int:
    """Every unanswered quotation past its validity becomes vencida, each with its timeline event."""
    rows = Quotation.objects.filter(status__in=[Status.DRAFT, Status.SENT, Status.VIEWED],
                                    valid_until__lt=_today(today))
    if company is not None:
        rows = rows.for_company(company)
    count = 0
    for quotation in rows:
        count += quotation_expire_if_due(quotation, today=today)
    return count


def quotation_send(*, company, user, quotation_id: int, to: list[str], message: str = "", today=None):
    """E-mail the PDF and the private link; the quotation becomes enviada when the mail server took it."""
    from .delivery import quotation_email_send

    quotation = Quotation.objects.for_company(company).get(pk=quotation_id)
    if quotation_expire_if_due(quotation, today=today):
        raise QuotationRefused(f"La cotización venció el {quotation.valid_until:%d/%m/%Y}: edítela con una nueva "
                               "fecha de validez antes de enviarla.", "valid_until")
    if quotation.status not in (Status.DRAFT, Status.SENT, Status.VIEWED):
        raise QuotationRefused(f"La cotización está {quotation.get_status_display().lower()}: no se envía de nuevo.",
                               "status")
    recipients = [address.strip() for address in to if address.strip()]
    if not recipients:
        raise QuotationRefused("Para: escriba el correo del cliente.", "to")
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    for address in recipients:
        try:
            validate_email(address)
        except ValidationError:
            raise QuotationRefused(f"Para: «{address}» no es un correo válido.", "to") from None
    outcome = quotation_email_send(quotation=quotation, to=recipients, message=message)
    now = timezone.now()
    if not outcome.sent:
        event_record(quotation=quotation, kind=EventKind.EMAIL_FAILED, user=user, message=outcome.error,
                     data={"to": recipients})
        raise QuotationRefused(outcome.error, "to")
    with transaction.atomic():
        Quotation.objects.filter(pk=quotation.pk, status__in=[Status.DRAFT, Status.SENT, Status.VIEWED]).update(
            status=Status.SENT if quotation.status == Status.DRAFT else quotation.status, sent_at=now)
        event_record(quotation=quotation, kind=EventKind.SENT, user=user, at=now,
                     message=f"Versión {quotation.version} enviada a {', '.join(recipients)}", data={"to": recipients})
        from .tasks import ensure_daily_sweep_on_commit

        ensure_daily_sweep_on_commit()
    quotation.refresh_from_db()
    return quotation


def public_get(token: str, *, today=None) -> Quotation | None:
    """The quotation behind a private link, or None (unknown token, draft never sent, or expired)."""
    if not token or len(token) > 64:
        return None
    quotation = Quotation.objects.select_related("company").filter(token=token).first()
    if quotation is None or quotation.sent_at is None and quotation.version == 1:
        return None
    quotation_expire_if_due(quotation, today=today)
    return quotation


def link_expired(quotation: Quotation, *, today=None) -> bool:
    return quotation.status == Status.EXPIRED or quotation.valid_until < _today(today)


def quotation_mark_viewed(*, quotation: Quotation, now=None) -> None:
    now = now or timezone.now()
    if Quotation.objects.filter(pk=quotation.pk, status=Status.SENT).update(status=Status.VIEWED, viewed_at=now):
        quotation.status, quotation.viewed_at = Status.VIEWED, now
        event_record(quotation=quotation, kind=EventKind.VIEWED, at=now, message="El cliente abrió el enlace.")


def _answerable(quotation: Quotation, today) -> None:
    if quotation_expire_if_due(quotation, today=today) or link_expired(quotation, today=today):
        raise QuotationRefused(f"La cotización venció el {quotation.valid_until:%d/%m/%Y}; pida una nueva a "
                               f"{quotation.company.display_name}.", "status")
    if quotation.status in FINAL_ANSWERS:
        raise QuotationRefused(f"La cotización ya fue {quotation.get_status_display().lower()}.", "status")
    if quotation.status not in (Status.SENT, Status.VIEWED):
        raise QuotationRefused("La cotización se está actualizando; espere la nueva versión.", "status")


def _answer(quotation: Quotation, *, status: str | None, kind: str, text: str, accepted_by: str = "", now,
            notice: str):
    with transaction.atomic():
        changes = {"answered_at": now, "answer_text": text}
        if status:
            changes["status"] = status
        if accepted_by:
            changes["accepted_by"] = accepted_by
        updated = Quotation.objects.filter(pk=quotation.pk, status__in=[Status.SENT, Status.VIEWED],
                                           version=quotation.version).update(**changes)
        if not updated:
            raise QuotationRefused("La cotización cambió mientras la revisaba; abra el enlace de nuevo.", "status")
        quotation.refresh_from_db()
        event_record(quotation=quotation, kind=kind, at=now, message=notice,
                     data={"version": quotation.version, "text": text, "name": accepted_by})
        notifications.business_notify(quotation=quotation, message=f"{quotation.code}: {notice}", at=now)
    return quotation


def quotation_accept(*, quotation: Quotation, name: str, today=None, now=None) -> Quotation:
    name = " ".join((name or "").split())
    if len(name) < 3:
        raise QuotationRefused("Nombre: escriba su nombre completo para aceptar.", "name")
    _answerable(quotation, today)
    now = now or timezone.now()
    when = timezone.localtime(now)
    return _answer(quotation, status=Status.ACCEPTED, kind=EventKind.ACCEPTED, text="", accepted_by=name[:120],
                   now=now, notice=f"aceptada por {name} el {when:%d/%m/%Y %H:%M}")


def quotation_reject(*, quotation: Quotation, reason: str, today=None, now=None) -> Quotation:
    reason = (reason or "").strip()
    if not reason:
        raise QuotationRefused("Motivo: cuéntenos por qué la rechaza.", "reason")
    _answerable(quotation, today)
    return _answer(quotation, status=Status.REJECTED, kind=EventKind.REJECTED, text=reason[:2000],
                   now=now or timezone.now(), notice=f"rechazada: {reason[:200]}")


def quotation_request_changes(*, quotation: Quotation, comment: str, today=None, now=None) -> Quotation:
    comment = (comment or "").strip()
    if not comment:
        raise QuotationRefused("Comentario: indique qué cambios necesita.", "comment")
    _answerable(quotation, today)
    return _answer(quotation, status=None, kind=EventKind.CHANGES, text=comment[:2000], now=now or timezone.now(),
                   notice=f"el cliente pide cambios: {comment[:200]}")


# --- conversion into a factura or boleta ---------------------------------------------------------------

def _prorated_discount(line: QuotationLine, quantity: Decimal) -> Decimal:
    if not line.discount or quantity == line.quantity:
        return line.discount
    return (line.discount * quantity / line.quantity).quantize(Decimal("0.01"))


def quotation_convert(*, company, user, quotation_id: int, data: ConvertInput, today=None):
    """Issue a factura or boleta with the chosen quantities of the quotation's lines.

    One transaction: each line's invoiced quantity is raised by a guarded UPDATE (only while it stays
    within the quoted quantity), then ``sale_issue`` numbers, signs and queues the document. If another
    conversion took the quantities first, or the sale is refused, everything rolls back.
    """
    quotation = Quotation.objects.for_company(company).filter(pk=quotation_id).first()
    if quotation is None:
        raise QuotationRefused("La cotización no existe.", "quotation")
    quotation_expire_if_due(quotation, today=today)
    if quotation.status == Status.EXPIRED:
        raise QuotationRefused(f"La cotización venció el {quotation.valid_until:%d/%m/%Y}: no se puede facturar.",
                               "status")
    if quotation.status == Status.INVOICED:
        raise QuotationRefused("La cotización ya fue facturada por completo.", "status")
    if quotation.status not in CONVERTIBLE:
        raise QuotationRefused(f"Una cotización {quotation.get_status_display().lower()} no se factura.", "status")
    lines = {line.pk: line for line in quotation.lines.all()}
    chosen = [(lines[pk], qty) for pk, qty in data.quantities.items() if pk in lines and qty]
    unknown = [pk for pk in data.quantities if pk not in lines]
    if unknown:
        raise QuotationRefused("Esa línea no es de esta cotización.", "lines")
    if not chosen:
        raise QuotationRefused("Cantidades: indique qué cantidad facturar de al menos una línea.", "quantities")
    for line, qty in chosen:
        if qty < 0:
            raise QuotationRefused(f"Línea {line.position}, cantidad: no puede ser negativa.", f"quantity-{line.pk}")
        if qty > line.remaining:
            raise QuotationRefused(f"Línea {line.position} ({line.description}): quedan {line.remaining.normalize():f} "
                                   f"por facturar; no se puede facturar {qty.normalize():f}.", f"quantity-{line.pk}")
    chosen.sort(key=lambda item: item[0].position)
    sale = SaleInput(
        doc_type=data.doc_type, series_code=data.series_code, customer_id=quotation.customer_id,
        issue_date=data.issue_date, currency=quotation.currency, payment_terms=data.payment_terms,
        exchange_rate=data.exchange_rate if quotation.currency == "USD" else None,
        observations=f"Según cotización {quotation.code}",
        lines=[LineInput(description=line.description, quantity=qty, unit_price=line.unit_price,
                         product_id=line.product_id, price_includes_igv=line.price_includes_igv,
                         discount=_prorated_discount(line, qty), affectation=line.affectation,
                         unit_code=line.unit_code, code=line.code) for line, qty in chosen])
    try:
        with transaction.atomic():
            for line, qty in chosen:
                taken = QuotationLine.objects.filter(
                    pk=line.pk, quotation=quotation, invoiced_quantity__lte=F("quantity") - qty,
                ).update(invoiced_quantity=F("invoiced_quantity") + qty)
                if not taken:
                    raise QuotationRefused(f"Línea {line.position} ({line.description}): otra venta ya facturó esa "
                                           "cantidad; revise lo que queda.", f"quantity-{line.pk}")
            document = sale_issue(company=company, user=user, data=sale)
            QuotationDocument.objects.create(company=company, quotation=quotation, document=document,
                                             quantities={str(line.pk): str(qty) for line, qty in chosen})
            pending = any(l.remaining > 0 for l in quotation.lines.all())
            status = Status.PARTLY_INVOICED if pending else Status.INVOICED
            Quotation.objects.filter(pk=quotation.pk).update(status=status)
            quotation.status = status
            event_record(quotation=quotation, kind=EventKind.INVOICED, user=user,
                         message=f"{document} por {document.currency_symbol} {document.total}"
                                 + (" (parcial)" if pending else ""),
                         data={"document_id": document.pk})
    except (SaleRefused, DocumentRejected) as exc:
        raise QuotationRefused(exc.messages, exc.field) from None
    return document


__all__ = ["QuotationRefused", "public_get", "quotation_accept", "quotation_convert", "quotation_create",
           "quotation_expire_if_due", "quotation_mark_viewed", "quotation_preview", "quotation_reject",
           "quotation_request_changes", "quotation_send", "quotation_update", "quotations_expire", "snapshot"]
