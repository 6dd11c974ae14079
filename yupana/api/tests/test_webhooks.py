"""Webhooks received by a real local HTTP server, signature verified; retries with backoff; the app's list."""

import json

import pytest
from django.core.management import call_command

from yupana.api.models import DeliveryStatus, WebhookDelivery
from yupana.api.webhooks.services import endpoint_create
from yupana.api.webhooks.signing import verify

from .receiver import webhook_receiver

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)


def test_accepted_document_webhook_is_signed_and_received(api, issuer, issuer_admin, factura_json, simulator,
                                                          settings):
    settings.YUPANA_WEBHOOK_RETRY_BASE = 0
    with webhook_receiver() as (url, received):
        endpoint, secret = endpoint_create(company=issuer, user=issuer_admin, url=url,
                                           events=["document.accepted", "document.rejected"])
        document = api.post("/api/documents", factura_json).json()
        run_worker()  # SUNAT dispatch, then the webhook delivery it caused
        run_worker()
        assert len(received) == 1
        hit = received[0]
        assert hit["headers"]["X-Yupana-Event"] == "document.accepted"
        assert verify(secret, hit["body"], hit["headers"]["X-Yupana-Signature"])
        assert not verify("whsec_otro", hit["body"], hit["headers"]["X-Yupana-Signature"])
        assert not verify(secret, hit["body"] + b" ", hit["headers"]["X-Yupana-Signature"])
        payload = json.loads(hit["body"])
        assert payload["event"] == "document.accepted"
        assert payload["data"]["id"] == document["id"] and payload["data"]["status"] == "aceptado"
        assert payload["data"]["totals"]["total"] == "236.00"
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.response_status == 200
    assert delivery.response_body == '{"recibido": true}'
    assert api.get(f"/api/documents/{document['id']}").json()["status"] == "aceptado"


def test_failed_deliveries_are_retried_with_backoff_and_listed(client, issuer, issuer_admin, settings):
    from yupana.api.webhooks.delivery import retry_delay
    from yupana.api.webhooks.services import emit
    from yupana.companies.testing import login_client

    settings.YUPANA_WEBHOOK_RETRY_BASE = 30
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 10)] == [30, 60, 120, 15360]
    settings.YUPANA_WEBHOOK_RETRY_BASE = 0
    with webhook_receiver(answers=[500, 503]) as (url, received):
        endpoint, secret = endpoint_create(company=issuer, user=issuer_admin, url=url, events=["payment.recorded"])
        emit(company_id=issuer.pk, event="payment.recorded", data={"id": 7, "amount": "100.00"})
        run_worker()
        assert len(received) == 3
        assert all(verify(secret, r["body"], r["headers"]["X-Yupana-Signature"]) for r in received)
        assert len({r["headers"]["X-Yupana-Delivery"] for r in received}) == 1  # the same delivery, retried
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    login_client(client, issuer_admin)
    page = client.get(f"/api/webhooks/{endpoint.pk}/").content.decode()
    assert "payment.recorded" in page and "HTTP 200" in page and "Entregado" in page


def test_an_unreachable_url_fails_after_the_last_attempt(issuer, issuer_admin, settings):
    from yupana.api.webhooks import delivery as sender
    from yupana.api.webhooks.services import emit

    settings.YUPANA_WEBHOOK_RETRY_BASE = 0
    with webhook_receiver() as (url, received):
        pass  # closed: nobody listens there any more
    endpoint, _ = endpoint_create(company=issuer, user=issuer_admin, url=url, events=["quotation.accepted"])
    emit(company_id=issuer.pk, event="quotation.accepted", data={"id": 1})
    run_worker()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == sender.MAX_ATTEMPTS
    assert delivery.error.startswith("ConnectError")


def test_only_subscribed_active_endpoints_of_the_company_get_the_event(issuer, issuer_admin, other_company,
                                                                       settings):
    from yupana.api.webhooks.services import emit, endpoint_set_active

    mine, _ = endpoint_create(company=issuer, user=issuer_admin, url="http://127.0.0.1:9/a",
                              events=["document.voided"])
    endpoint_create(company=issuer, user=issuer_admin, url="http://127.0.0.1:9/b", events=["payment.recorded"])
    endpoint_create(company=other_company, user=None, url="http://127.0.0.1:9/c", events=["document.voided"])
    assert [d.endpoint_id for d in emit(company_id=issuer.pk, event="document.voided", data={})] == [mine.pk]
    endpoint_set_active(endpoint=mine, user=issuer_admin, active=False)
    assert emit(company_id=issuer.pk, event="document.voided", data={}) == []


def test_registering_a_webhook_in_the_app(client, issuer, issuer_admin):
    from yupana.companies.testing import login_client

    login_client(client, issuer_admin)
    refused = client.post("/api/webhooks/", {"url": "ftp://x", "events": ["document.accepted"]}).content.decode()
    assert "URL inválida" in refused
    refused = client.post("/api/webhooks/", {"url": "https://mi-tienda.pe/h"}).content.decode()
    assert "Elija al menos un evento" in refused
    page = client.post("/api/webhooks/", {"url": "https://mi-tienda.pe/h",
                                          "events": ["document.accepted", "payment.recorded"]}).content.decode()
    secret = page.split('id="webhook-secret">')[1].split("<")[0]
    assert secret.startswith("whsec_") and secret not in client.get("/api/webhooks/").content.decode()


def test_webhooks_through_the_api(api, client, read_key, issuer, other_company):
    created = api.post("/api/webhooks", {"url": "https://mi-tienda.pe/h", "events": ["document.accepted"]})
    assert created.status_code == 201 and created.json()["secret"].startswith("whsec_")
    pk = created.json()["id"]
    assert [w["id"] for w in api.get("/api/webhooks").json()] == [pk]
    assert "secret" not in api.get("/api/webhooks").json()[0]
    bad = api.post("/api/webhooks", {"url": "https://x.pe", "events": ["document.printed"]})
    assert bad.status_code == 422 and bad.json()["field"] == "events[0]"
    assert api.post("/api/webhooks", {"url": "notaurl", "events": ["document.accepted"]}).json()["field"] == "url"
    from .conftest import Api

    reader = Api(client, read_key.token)
    assert reader.post("/api/webhooks", {"url": "https://x.pe", "events": ["document.accepted"]}).status_code == 403
    assert reader.get(f"/api/webhooks/{pk}/deliveries").json() == []
    assert client.delete(f"/api/webhooks/{pk}", HTTP_AUTHORIZATION=f"Bearer {api.token}").json()["is_active"] is False


@pytest.mark.django_db
def test_payment_and_quotation_services_emit_their_events(issuer, issuer_admin, customer, rice,
                                                          django_capture_on_commit_callbacks):
    import datetime as dt
    from decimal import Decimal

    from yupana.quotations.services import quotation_accept
    from yupana.quotations.tests.factories import TODAY, make_quotation, mark_sent, rice_line
    from yupana.receivables.services import payment_record

    endpoint, _ = endpoint_create(company=issuer, user=issuer_admin, url="http://127.0.0.1:9/h",
                                  events=["payment.recorded", "quotation.accepted"])
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(company=issuer, user=issuer_admin, customer=customer, date=dt.date(2026, 11, 20),
                       method="efectivo", amount=Decimal("150.00"), today=dt.date(2026, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        quotation = mark_sent(make_quotation(issuer, issuer_admin, customer, [rice_line(rice)]))
        quotation_accept(quotation=quotation, name="Rosa Huamán", today=TODAY)
    deliveries = {d.event: d.payload["data"] for d in WebhookDelivery.objects.filter(endpoint=endpoint)}
    assert deliveries["payment.recorded"]["amount"] == "150.00"
    assert deliveries["payment.recorded"]["customer"]["id"] == customer.pk
    assert deliveries["quotation.accepted"]["accepted_by"] == "Rosa Huamán"
    assert deliveries["quotation.accepted"]["total"] == "236.00"  # 10 × 23.60 with IGV


@pytest.mark.django_db
def test_rejected_and_voided_states_map_to_their_events(api, issuer, issuer_admin, factura_json,
                                                        django_capture_on_commit_callbacks):
    from yupana.einvoicing.events import event_record
    from yupana.einvoicing.models import ElectronicDocument
    from yupana.sales.models import SaleDocument

    endpoint, _ = endpoint_create(company=issuer, user=issuer_admin, url="http://127.0.0.1:9/h",
                                  events=["document.rejected", "document.voided", "document.accepted"])
    first = SaleDocument.objects.get(pk=api.post("/api/documents", factura_json).json()["id"])
    second = SaleDocument.objects.get(pk=api.post("/api/documents", factura_json).json()["id"])
    with django_capture_on_commit_callbacks(execute=True):
        # What dispatch writes on a 2000-3999 answer, and what an accepted RA writes for a void.
        ElectronicDocument.objects.filter(document=first).update(status="rechazado", cdr_code="2017")
        event_record(document=first, kind="cdr", code="2017", message="Rechazado: ...")
        ElectronicDocument.objects.filter(document=second).update(status="anulado")
        event_record(document=second, kind="anulado", code="0", message="Anulado")
        event_record(document=second, kind="creado", message="no es un veredicto")
    events = sorted((d.event, d.payload["data"]["document_id"]) for d in WebhookDelivery.objects.filter(endpoint=endpoint))
    assert events == [("document.rejected", "F001-1"), ("document.voided", "F001-2")]
