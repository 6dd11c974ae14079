"""Quotation totals from the SUNAT core's tax engine: the figures a factura or boleta with these lines
would carry, so converting never changes an amount."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from yupana.einvoicing.services import DocumentRejected, document_compute, model_error_message
from yupana.sales.models import SaleDocument, SaleLine
from yupana.sunat.model import ValidationError as ModelError

from .inputs import QuotationRefused


def _probe_document(company, customer, currency: str, issue_date) -> SaleDocument:
    """An unsaved document standing for the quotation: factura for a RUC customer, boleta otherwise."""
    is_ruc = customer is not None and customer.document_type == "6"
    document = SaleDocument(company=company, doc_type="01" if is_ruc else "03",
                            series_code="F001" if is_ruc else "B001", number=1, issue_date=issue_date,
                            issued_at=timezone.now(), currency=currency)
    if customer is None:
        document.customer_doc_type, document.customer_doc_number, document.customer_name = "-", "", "CLIENTES VARIOS"
    else:
        document.customer_doc_type = customer.document_type
        document.customer_doc_number = customer.document_number
        document.customer_name = customer.name
        document.customer_address = customer.address
    return document


def quotation_compute(*, company, customer, currency: str, issue_date, lines) -> tuple[dict, list[dict]]:
    """Totals and per-line figures for ``lines`` (objects with the SaleLine fields); raises QuotationRefused
    with the engine's Spanish message naming the line and field."""
    document = _probe_document(company, customer, currency, issue_date)
    rows = [SaleLine(position=i + 1, description=l.description, quantity=l.quantity, unit_price=l.unit_price,
                     price_includes_igv=l.price_includes_igv, discount=l.discount or Decimal("0"),
                     affectation=l.affectation or "10", unit_code=l.unit_code or "NIU", code=l.code or "")
            for i, l in enumerate(lines)]
    try:
        computed = document_compute(document, rows)
    except DocumentRejected as exc:
        raise QuotationRefused(exc.messages, exc.field) from None
    except ModelError as exc:
        raise QuotationRefused([model_error_message(exc)], exc.field) from None
    totals = computed.totals
    header = {
        "total_gravadas": totals.gravadas, "total_exoneradas": totals.exoneradas,
        "total_inafectas": totals.inafectas, "total_igv": totals.igv, "total": totals.payable,
        "total_discount": totals.global_discount + sum((cl.discount for cl in computed.lines), Decimal("0")),
    }
    figures = [{"value": cl.value, "igv": cl.igv, "total": cl.value + cl.tax_total} for cl in computed.lines]
    return header, figures
