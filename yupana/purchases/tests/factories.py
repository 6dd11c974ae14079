"""Suppliers, purchase inputs and real signed supplier XML (built with the SUNAT core) for tests."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from yupana.masterdata.models import Supplier
from yupana.purchases.services import LineInput, PurchaseInput

OUR_RUC = "20123456786"
SUPPLIER_RUC = "20100070970"
SUPPLIER_NAME = "DISTRIBUIDORA MAYORISTA DEL SUR S.A.C."


def make_supplier(company, *, ruc: str = SUPPLIER_RUC, name: str = SUPPLIER_NAME) -> Supplier:
    supplier = Supplier(company=company, ruc=ruc, name=name)
    supplier.full_clean()
    supplier.save()
    return supplier


def purchase_input(supplier, lines, *, stated_total, doc_type="01", series="F001", number=101,
                   issue_date=dt.date(2026, 11, 2), **fields) -> PurchaseInput:
    return PurchaseInput(supplier_id=supplier.pk, doc_type=doc_type, series=series, number=number,
                         issue_date=issue_date, stated_total=Decimal(stated_total),
                         lines=[LineInput(product_id=p.pk if p else None, quantity=Decimal(q), unit_cost=Decimal(c),
                                          affectation=a, description="" if p else "Flete")
                                for p, q, c, a in lines], **fields)


def supplier_xml(*, customer_ruc: str = OUR_RUC, number: int = 345, lines=None, doc_type: str = "01",
                 credit_until: str | None = None, reference: str | None = None) -> bytes:
    """A factura (or credit note) the supplier issued to ``customer_ruc``, signed with a demo certificate."""
    from yupana.sunat import jsonformat
    from yupana.sunat.build import build
    from yupana.sunat.testing import demo_signer

    lines = lines or [
        {"description": "Arroz extra 5 kg", "quantity": "20", "unit_value": "15.00", "code": "ARZ01"},
        {"description": "Aceite vegetal 1 L", "quantity": "12", "unit_value": "6.50", "code": "P-0093"},
    ]
    doc = {
        "doc_type": doc_type, "series": "F001" if doc_type == "01" else "FC01", "number": number,
        "issue_date": "2026-11-20", "currency": "PEN",
        "issuer": {"ruc": SUPPLIER_RUC, "legal_name": SUPPLIER_NAME,
                   "address": {"line": "AV. INDUSTRIAL 450", "ubigeo": "040101", "department": "AREQUIPA",
                               "province": "AREQUIPA", "district": "AREQUIPA"}},
        "customer": {"doc_type": "6", "number": customer_ruc, "name": "BODEGA LOS ANDES S.A.C.",
                     "address": {"line": "JR. AYACUCHO 123", "ubigeo": "150101"}},
        "lines": lines,
    }
    if doc_type == "07":
        doc["reference_type"] = "01"
        doc["reference_id"] = reference
        doc["reason"] = "07"
        doc["reason_text"] = "Devolución por ítem"
    if credit_until:
        doc["due_date"] = credit_until
    document = jsonformat.loads(json.dumps(doc))
    if credit_until:
        from yupana.sunat import taxes

        total = taxes.compute(document).totals.payable
        doc["installments"] = [{"amount": f"{total:.2f}", "due_date": credit_until}]
        document = jsonformat.loads(json.dumps(doc))
    return build(document, demo_signer(ruc=SUPPLIER_RUC, name=SUPPLIER_NAME)).xml
