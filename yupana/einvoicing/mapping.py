"""ORM rows -> ``yupana.sunat.model``: the only place that knows both shapes.

Works on unsaved rows too, so a sale can be computed and validated before anything is written.
"""

from __future__ import annotations

from decimal import Decimal

from yupana.sunat import model as sunat
from yupana.sunat.catalogs import IdentityType

NO_DOCUMENT = "-"


def issuer_from_company(company) -> sunat.Issuer:
    return sunat.Issuer(
        ruc=company.ruc,
        legal_name=company.business_name,
        trade_name=company.trade_name,
        establishment_code=company.establishment_code or "0000",
        reduced_igv=company.igv_regime == "reducido",
        address=sunat.Address(
            line=company.address,
            ubigeo=company.ubigeo,
            department=company.department[:30],
            province=company.province[:30],
            district=company.district[:30],
            urbanization=company.urbanization[:30],
        ),
    )


def customer_from_document(document) -> sunat.Customer:
    """The buyer as frozen on the document; "sin documento" is SUNAT's anonymous customer."""
    if document.customer_doc_type == NO_DOCUMENT or not document.customer_doc_number:
        if document.customer_name and document.customer_name.upper() != sunat.party.ANONYMOUS_NAME:
            return sunat.Customer(doc_type=IdentityType.NON_DOMICILED, number="-", name=document.customer_name)
        return sunat.Customer.anonymous()
    address = sunat.Address(line=document.customer_address[:200]) if document.customer_address else None
    return sunat.Customer(doc_type=document.customer_doc_type, number=document.customer_doc_number,
                          name=document.customer_name, address=address)


def line_to_model(line) -> sunat.Line:
    price = {"unit_price": line.unit_price} if line.price_includes_igv else {"unit_value": line.unit_price}
    return sunat.Line(
        description=line.description,
        quantity=_plain(line.quantity),
        unit_code=line.unit_code,
        affectation=line.affectation,
        code=line.code,
        discount=_plain(line.discount),
        **{key: _plain(value) for key, value in price.items()},
    )


def document_to_model(document, lines, installments=()) -> sunat.Invoice | sunat.Note:
    """The core's model of ``document`` with its ``lines`` (and cuotas for a credit sale)."""
    issuer = issuer_from_company(document.company)
    common = dict(
        series=document.series_code,
        number=document.number,
        issue_date=document.issue_date,
        issue_time=document.issued_at.astimezone(_lima()).time().replace(microsecond=0) if document.issued_at else None,
        issuer=issuer,
        customer=customer_from_document(document),
        lines=_lines(lines),
        currency=document.currency,
    )
    if document.doc_type in ("07", "08"):
        reference = document.reference
        return sunat.Note(
            doc_type=document.doc_type,
            reason=document.note_reason,
            reason_text=document.note_reason_text,
            reference_type=reference.doc_type,
            reference_id=reference.document_id,
            **common,
        )
    return sunat.Invoice(
        doc_type=document.doc_type,
        due_date=document.due_date,
        installments=tuple(sunat.Installment(amount=_plain(item.amount), due_date=item.due_date)
                           for item in installments),
        **common,
    )


def _lines(lines) -> tuple[sunat.Line, ...]:
    result = []
    for index, line in enumerate(lines):
        try:
            result.append(line_to_model(line))
        except sunat.ValidationError as exc:
            raise exc.within(f"lines[{index}]") from None
    return tuple(result)


def _plain(value: Decimal) -> Decimal:
    """DecimalField values carry their column's places (2.0000); the core wants the digits typed."""
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _lima():
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/Lima")
