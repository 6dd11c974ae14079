"""Issuing through the API: the example factura, idempotency, notes, files, and every bad-input class."""

import copy
import json
from decimal import Decimal

import pytest

from yupana.api.models import IdempotencyRecord
from yupana.companies.models import Series
from yupana.sales.models import SaleDocument

from .conftest import Api

pytestmark = pytest.mark.django_db


def _next_number(company, code="F001"):
    return Series.objects.get(company=company, code=code).next_number


def test_the_example_factura_is_issued_with_the_core_figures(api, issuer, factura_json):
    answer = api.post("/api/documents", factura_json)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    # 2 × 50.00 (without IGV) + 1 × 118.00 (with IGV) -> gravadas 100 + 100, IGV 18 % = 36.00, total 236.00
    assert body["document_id"] == "F001-1" and body["number"] == 1
    assert Decimal(body["totals"]["gravadas"]) == Decimal("200.00")
    assert Decimal(body["totals"]["igv"]) == Decimal("36.00")
    assert Decimal(body["totals"]["total"]) == Decimal("236.00")
    assert body["status"] == "emitido" and body["customer"]["number"] == "20100066603"
    # The customer of the JSON was created in master data, once.
    again = api.post("/api/documents", factura_json)
    assert again.json()["document_id"] == "F001-2"
    assert api.get("/api/customers", q="20100066603").json()["count"] == 1


def test_a_retry_with_the_same_idempotency_key_returns_the_same_document(api, issuer, factura_json):
    headers = {"Idempotency-Key": "pedido-1001"}
    first = api.post("/api/documents", factura_json, headers=headers)
    second = api.post("/api/documents", factura_json, headers=headers)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert SaleDocument.objects.filter(company=issuer).count() == 1
    changed = copy.deepcopy(factura_json)
    changed["lines"][0]["quantity"] = "3"
    reused = api.post("/api/documents", changed, headers=headers)
    assert reused.status_code == 409 and reused.json()["field"] == "Idempotency-Key"
    assert SaleDocument.objects.filter(company=issuer).count() == 1
    assert api.post("/api/documents", changed, headers={"Idempotency-Key": "pedido-1002"}).status_code == 201


def test_a_refused_request_leaves_no_key_and_burns_no_number(api, issuer, factura_json):
    bad = copy.deepcopy(factura_json)
    bad["series"] = "F999"
    answer = api.post("/api/documents", bad, headers={"Idempotency-Key": "k-1"})
    assert answer.status_code == 422 and answer.json()["field"] == "series"
    assert not IdempotencyRecord.objects.exists()
    assert api.post("/api/documents", factura_json, headers={"Idempotency-Key": "k-1"}).status_code == 201


@pytest.mark.parametrize("mutate, status, field, words", [
    (lambda d: d.update(colour="rojo"), 422, "colour", "campo desconocido"),
    (lambda d: d["lines"][0].update(quantity="dos"), 422, "lines[0].quantity", "número"),
    (lambda d: d["lines"][0].update(quantity=[1]), 422, "lines[0].quantity", "número"),
    (lambda d: d["lines"][1].update(colour="x"), 422, "lines[1].colour", "campo desconocido"),
    (lambda d: d.update(doc_type="99"), 422, "doc_type", "valor no permitido"),
    (lambda d: d.update(lines=[]), 422, "lines", "al menos 1"),
    (lambda d: d.pop("lines"), 422, "lines", "obligatorio"),
    (lambda d: d.update(issue_date="2026-02-30"), 422, "issue_date", "fecha inválida"),
    (lambda d: d["customer"].update(number="20100066604"), 422, "customer.number", "RUC"),
    (lambda d: d["customer"].update(doc_type="1", number="46027897"), 422, "customer", "RUC"),
    (lambda d: d.update(installments=[{"amount": "100.00", "due_date": "2026-12-20"}]), 422, "", "cuota"),
    (lambda d: d.update(reason="01"), 422, "reason", "notas"),
])
def test_bad_input_is_a_4xx_naming_the_field_in_spanish(api, issuer, factura_json, mutate, status, field, words):
    before = _next_number(issuer)
    mutate(factura_json)
    answer = api.post("/api/documents", factura_json)
    assert answer.status_code == status, answer.content
    body = answer.json()
    assert set(body) == {"field", "message", "errors"}
    if field:
        assert body["field"] == field
    assert words.lower() in json.dumps(body, ensure_ascii=False).lower()
    assert not SaleDocument.objects.filter(company=issuer).exists()
    assert _next_number(issuer) == before


def test_malformed_json_wrong_shape_and_oversized_bodies(api, client, issuer, factura_json, settings):
    answer = api.post("/api/documents", '{"doc_type": "01", ')
    assert answer.status_code == 400 and "JSON" in answer.json()["message"]
    assert api.post("/api/documents", "[1, 2]").status_code == 422
    answer = client.post("/api/documents", data="doc_type=01", content_type="application/x-www-form-urlencoded",
                         HTTP_AUTHORIZATION=f"Bearer {api.token}")
    assert answer.status_code in (400, 415, 422) and answer.json()["message"]
    huge = copy.deepcopy(factura_json)
    huge["observations"] = "x" * 300_000
    answer = api.post("/api/documents", huge)
    assert answer.status_code == 413 and "256 KB" in answer.json()["message"]
    assert not SaleDocument.objects.filter(company=issuer).exists()


def test_installments_that_do_not_add_up_name_the_rule(api, issuer, factura_json):
    factura_json["installments"] = [{"amount": "200.00", "due_date": "2026-12-20"}]  # total is 236.00
    answer = api.post("/api/documents", factura_json)
    assert answer.status_code == 422
    assert "236" in answer.json()["message"] or "cuota" in answer.json()["message"].lower()


def test_credit_note_state_timeline_and_files(api, issuer, factura_json):
    factura = api.post("/api/documents", factura_json).json()
    note = json.loads((__import__("pathlib").Path(__file__).resolve().parents[3]
                       / "examples/documents/12-nota-credito-anulacion.json").read_text())
    note["series"] = "FC01"
    note.pop("issue_date")  # today, after the factura it modifies
    answer = api.post("/api/documents", note)
    assert answer.status_code == 201, answer.content
    assert answer.json()["reference"] == "F001-1" and answer.json()["document_id"] == "FC01-1"
    assert Decimal(answer.json()["totals"]["total"]) == Decimal("236.00")
    state = api.get(f"/api/documents/{factura['id']}").json()
    assert state["status"] == "emitido" and state["status_label"] == "Emitido"
    timeline = api.get(f"/api/documents/{factura['id']}/timeline").json()
    assert [e["kind"] for e in timeline["events"]][:2] == ["creado", "firmado"]
    xml = api.get(f"/api/documents/{factura['id']}/xml")
    assert xml.status_code == 200 and xml["Content-Type"] == "application/xml"
    assert b"<cbc:ID>F001-1</cbc:ID>" in xml.content
    pdf = api.get(f"/api/documents/{factura['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'filename="20123456786-01-F001-1.pdf"' in pdf["Content-Disposition"]
    cdr = api.get(f"/api/documents/{factura['id']}/cdr")
    assert cdr.status_code == 404 and cdr.json()["field"] == "cdr"
    void = api.post(f"/api/documents/{factura['id']}/void", {"reason": "Error en el pedido"})
    assert void.status_code == 422 and "aceptado" in void.json()["message"]


def test_list_filters_as_the_web_app(api, issuer, factura_json):
    api.post("/api/documents", factura_json)
    boleta = json.loads((__import__("pathlib").Path(__file__).resolve().parents[3]
                         / "examples/documents/10-boleta-anonima.json").read_text())
    boleta.pop("issue_date")
    assert api.post("/api/documents", boleta).status_code == 201
    everything = api.get("/api/documents").json()
    assert everything["count"] == 2
    assert [d["document_id"] for d in api.get("/api/documents", doc_type="03").json()["results"]] == ["B001-1"]
    assert api.get("/api/documents", q="F001-1").json()["count"] == 1
    assert api.get("/api/documents", status="aceptado").json()["count"] == 0
    assert api.get("/api/documents", status="nada").status_code == 422


def test_master_data_create_search_update(api, issuer):
    created = api.post("/api/products", {"code": "CAF01", "description": "Café tostado 250 g", "price": "18.50"})
    assert created.status_code == 201 and Decimal(created.json()["price"]) == Decimal("18.50")
    pk = created.json()["id"]
    assert api.get("/api/products", q="cafe").json()["results"][0]["id"] == pk
    updated = api.patch(f"/api/products/{pk}", {"price": "19.90", "is_active": False})
    assert updated.status_code == 200 and Decimal(updated.json()["price"]) == Decimal("19.90")
    assert updated.json()["is_active"] is False
    assert api.get("/api/products").json()["count"] == 0
    assert api.get("/api/products", status="inactive").json()["count"] == 1
    duplicate = api.post("/api/products", {"code": "CAF01", "description": "Otro", "price": "1"})
    assert duplicate.status_code == 422 and duplicate.json()["field"] in ("code", "")
    bad_ruc = api.post("/api/suppliers", {"ruc": "20100066604", "name": "Proveedor"})
    assert bad_ruc.status_code == 422 and bad_ruc.json()["field"] == "ruc"
    supplier = api.post("/api/suppliers", {"ruc": "20100066603", "name": "Proveedor Andino S.A."})
    assert supplier.status_code == 201
    customer = api.post("/api/customers", {"document_type": "1", "document_number": "46027897",
                                           "name": "María Quispe Mamani"})
    assert customer.status_code == 201
    assert api.patch(f"/api/customers/{customer.json()['id']}", {"name": "María Quispe"}).json()["name"] == \
        "María Quispe"


def test_another_company_never_sees_or_changes_these_documents(api, client, issuer, factura_json, other_company):
    from yupana.api.keys import api_key_create
    from yupana.companies.testing import make_user
    from yupana.masterdata.models import Customer

    factura = api.post("/api/documents", factura_json).json()
    customer_id = Customer.objects.get(company=issuer).pk
    admin_b = make_user(other_company, role="administrador", email="admin@otra.pe")
    other = Api(client, api_key_create(company=other_company, user=admin_b, name="B", scope="issue").token)
    doc = factura["id"]
    for path in (f"/api/documents/{doc}", f"/api/documents/{doc}/timeline", f"/api/documents/{doc}/pdf",
                 f"/api/documents/{doc}/xml", f"/api/documents/{doc}/cdr", f"/api/customers/{customer_id}"):
        answer = other.get(path)
        assert answer.status_code == 404, path
        assert "20100066603" not in answer.content.decode() and "F001-1" not in answer.content.decode()
    assert other.post(f"/api/documents/{doc}/void", {"reason": "Intento ajeno"}).status_code == 404
    assert other.patch(f"/api/customers/{customer_id}", {"name": "Cambiado"}).status_code == 404
    assert other.get("/api/documents").json() == {"count": 0, "results": []}
    assert other.get("/api/customers").json()["count"] == 0
    assert Customer.objects.get(pk=customer_id).name == "CLIENTE CORPORATIVO S.A."
    # A note of company B cannot reference company A's factura either.
    note = {"doc_type": "07", "series": "FC01", "reason": "01", "reason_text": "x", "reference_id": "F001-1",
            "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}
    assert other.post("/api/documents", note).status_code == 422


def test_every_example_of_the_openapi_schema_is_issued(api, issuer):
    examples = api.get("/api/openapi.json").json()["paths"]["/api/documents"]["post"]["requestBody"]["content"][
        "application/json"]["examples"]
    issued = {}
    for name in ("factura", "boleta", "nota_credito", "nota_debito"):
        answer = api.post("/api/documents", examples[name]["value"])
        assert answer.status_code == 201, (name, answer.content)
        issued[name] = answer.json()["document_id"]
    assert issued == {"factura": "F001-1", "boleta": "B001-1", "nota_credito": "FC01-1", "nota_debito": "FD01-1"}
    # The credit example needs the customer's credit enabled in master data, as in the web app.
    refused = api.post("/api/documents", examples["factura_credito"]["value"]).json()
    assert refused["field"] == "installments" and "crédito habilitado" in refused["message"]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_with_one_key_make_one_document(issuer, issue_key, factura_json):
    import threading

    from django.db import connection
    from django.test import Client

    answers = []
    barrier = threading.Barrier(3)

    def post():
        barrier.wait()
        try:
            answers.append(Api(Client(), issue_key.token).post("/api/documents", factura_json,
                                                               headers={"Idempotency-Key": "carrera-1"}))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [200, 200, 201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert SaleDocument.objects.filter(company=issuer).count() == 1
