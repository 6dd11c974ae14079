"""The JSON documents of examples/documents/ go through sale_issue unchanged (the REST API's path)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from yupana.masterdata.models import Customer
from yupana.sales.inputs import InputError, sale_input_from_json
from yupana.sales.services import sale_issue
from yupana.sunat.testing import check_document

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "documents"


def resolver(company):
    def resolve(data):
        customer, _ = Customer.objects.get_or_create(company=company, document_type=data["doc_type"],
                                                     document_number=data["number"],
                                                     defaults={"name": data["name"], "credit_enabled": True,
                                                               "credit_limit": Decimal("5000"), "credit_days": 30})
        return customer.pk
    return resolve


def test_example_factura_gravada_is_issued_with_its_documented_totals(issuer):
    data = json.loads((EXAMPLES / "01-factura-gravada.json").read_text())
    sale = sale_input_from_json(data, resolve_customer=resolver(issuer))
    document = sale_issue(company=issuer, user=None, data=sale, today=sale.issue_date)
    # docs/json-format.md: gravadas 200.00, IGV 36.00, total 236.00
    assert (document.total_gravadas, document.total_igv, document.total) == (
        Decimal("200.00"), Decimal("36.00"), Decimal("236.00"))
    assert document.number == 1 and document.customer_name == "CLIENTE CORPORATIVO S.A."
    check_document(bytes(document.electronic.xml), document.electronic.name + ".xml")


def test_example_credit_factura_keeps_its_cuotas(issuer):
    data = json.loads((EXAMPLES / "05-factura-credito-cuotas.json").read_text())
    sale = sale_input_from_json(data, resolve_customer=resolver(issuer))
    document = sale_issue(company=issuer, user=None, data=sale, today=sale.issue_date)
    assert document.total == Decimal("1180.00") and document.payment_terms == "credito"
    assert [c.amount for c in document.installments.all()] == [Decimal("400.00"), Decimal("400.00"), Decimal("380.00")]


def test_unknown_fields_and_bad_numbers_name_the_field():
    with pytest.raises(InputError) as error:
        sale_input_from_json({"doc_type": "01", "serie": "F001"})
    assert error.value.field == "serie"
    with pytest.raises(InputError) as error:
        sale_input_from_json({"doc_type": "01", "lines": [{"description": "x", "quantity": "dos", "unit_value": "1"}]})
    assert error.value.field == "lines[0].quantity"
