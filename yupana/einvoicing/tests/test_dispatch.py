"""Dispatch against the real simulator over HTTP, with its faults."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from yupana.einvoicing.dispatch import dispatch_once
from yupana.einvoicing.models import DocumentEvent, ElectronicDocument, Status
from yupana.sales.inputs import LineInput, SaleInput
from yupana.sales.services import sale_issue
from yupana.sunat import cdr as sunat_cdr

D = Decimal


def issue_factura(company, customer, product, quantity="2"):
    data = SaleInput(doc_type="01", series_code="F001", customer_id=customer.pk,
                     lines=[LineInput(description="", quantity=D(quantity), unit_price=product.price,
                                      product_id=product.pk)])
    return sale_issue(company=company, user=None, data=data)


def sends(simulator, operation="sendBill"):
    """What SUNAT processed (the simulator also logs each injected fault as its own entry)."""
    return [r for r in simulator.control.received()
            if r.get("operation") == operation and not str(r.get("outcome", "")).startswith("falla simulada")]


def test_factura_is_accepted_and_its_cdr_stored(issuer, customer, rice, simulator):
    document = issue_factura(issuer, customer, rice)
    assert dispatch_once(document.electronic.pk) == Status.ACCEPTED
    electronic = ElectronicDocument.objects.get(pk=document.electronic.pk)
    assert electronic.cdr_code == "0"
    cdr = sunat_cdr.parse(bytes(electronic.cdr))
    assert cdr.accepted and cdr.document_id == "F001-1"
    assert electronic.sent_at and electronic.answered_at and electronic.attempts == 1
    kinds = list(DocumentEvent.objects.filter(document=document).values_list("kind", "code"))
    assert kinds == [("creado", ""), ("firmado", ""), ("enviado", ""), ("cdr", "0")]
    # Nothing more to do: a second attempt does not send again
    assert dispatch_once(electronic.pk) is None
    assert len(sends(simulator)) == 1


def test_sunat_down_then_up_all_accepted_none_duplicated(issuer, customer, rice, simulator):
    # Given SUNAT answers 0130 (service unavailable) to every call
    simulator.control.set(mode="down", code="0130")
    documents = [issue_factura(issuer, customer, rice) for _ in range(3)]
    for document in documents:
        assert dispatch_once(document.electronic.pk) == Status.ISSUED
    retry = DocumentEvent.objects.filter(document=documents[0], kind="reintento").get()
    assert "0130" in retry.message
    # When SUNAT comes back and the retries run
    simulator.control.set(mode="up")
    for document in documents:
        assert dispatch_once(document.electronic.pk) == Status.ACCEPTED
    # Then all three are accepted, each registered once at SUNAT
    assert set(ElectronicDocument.objects.values_list("status", flat=True)) == {Status.ACCEPTED}
    accepted = [r for r in sends(simulator) if r.get("outcome") == "accepted"]
    assert sorted(r["subject"] for r in accepted) == sorted(d.electronic.name for d in documents)


def test_answer_lost_after_processing_asks_status_cdr_instead_of_resending(issuer, customer, rice, simulator):
    # Given SUNAT processes the factura but the connection drops before the answer
    simulator.control.set(drop_after=True, operations=["sendBill"], count=1)
    document = issue_factura(issuer, customer, rice)
    assert dispatch_once(document.electronic.pk) == Status.SENT
    electronic = ElectronicDocument.objects.get(pk=document.electronic.pk)
    assert electronic.uncertain and electronic.status == Status.SENT
    # When the retry runs, it asks getStatusCdr first and finds the CDR
    assert dispatch_once(electronic.pk) == Status.ACCEPTED
    assert len(sends(simulator)) == 1
    assert len(sends(simulator, "getStatusCdr")) == 1
    check = DocumentEvent.objects.get(document=document, kind="consulta")
    assert check.code == "0004"


def test_timeout_before_processing_is_resent_after_asking(issuer, customer, rice, simulator):
    # Given the connection drops before SUNAT processes anything
    simulator.control.set(drop=True, operations=["sendBill"], count=1)
    document = issue_factura(issuer, customer, rice)
    assert dispatch_once(document.electronic.pk) == Status.SENT
    # When retried: getStatusCdr says 0011 (unknown), so it is sent again and accepted
    assert dispatch_once(document.electronic.pk) == Status.ACCEPTED
    assert DocumentEvent.objects.get(document=document, kind="consulta").code == "0011"


def test_worker_killed_mid_send_recovers(issuer, customer, rice, simulator):
    # Given a worker marked the attempt (uncertain) and died before the answer, after SUNAT registered it
    document = issue_factura(issuer, customer, rice)
    electronic = document.electronic
    from yupana.einvoicing.transport import client_for

    client_for(issuer).send_bill(electronic.name + ".zip", bytes(electronic.zip))
    ElectronicDocument.objects.filter(pk=electronic.pk).update(uncertain=True, status=Status.SENT, attempts=1)
    # When another worker picks it up, it reconciles without a second sendBill
    assert dispatch_once(electronic.pk) == Status.ACCEPTED
    assert len(sends(simulator)) == 1


def test_altered_document_is_rejected_with_sunats_message(issuer, customer, rice, simulator):
    # Given the stored XML changed after signing (what SUNAT calls "alterado")
    document = issue_factura(issuer, customer, rice)
    electronic = document.electronic
    from yupana.sunat import packaging

    xml = bytes(electronic.xml).replace(b"Arroz extra 5 kg", b"Arroz extra 9 kg")
    ElectronicDocument.objects.filter(pk=electronic.pk).update(zip=packaging.zip_document(electronic.name, xml))
    # When sent
    assert dispatch_once(electronic.pk) == Status.REJECTED
    electronic.refresh_from_db()
    assert electronic.cdr_code == "2335"
    assert "alterado" in electronic.cdr_description.lower() or electronic.cdr_description
    event = DocumentEvent.objects.get(document=document, kind="cdr")
    assert event.code == "2335" and event.message.startswith("Rechazado")


def test_task_runs_the_attempt_and_requeues_itself_at_retry_time(issuer, customer, rice, simulator):
    from django_tasks_db.models import DBTaskResult

    from yupana.einvoicing.tasks import dispatch_document

    simulator.control.set(mode="down", code="0100")
    document = issue_factura(issuer, customer, rice)
    assert dispatch_document.call(document.electronic.pk) == Status.ISSUED
    queued = DBTaskResult.objects.filter(task_path__endswith="dispatch_document", status="READY").get()
    assert queued.args_kwargs["args"] == [document.electronic.pk]
    assert queued.run_after is not None and queued.queue_name == "sunat"
    simulator.control.set(mode="up")
    assert dispatch_document.call(document.electronic.pk) == Status.ACCEPTED


def test_sales_queue_at_most_two_drainers_and_one_heartbeat(issuer, customer, rice, settings, django_capture_on_commit_callbacks):
    """Each dispatch task sends every due document, so many sales share two waiting tasks instead
    of queueing one each; a task set to run later (a retry) does not count as waiting."""
    from django_tasks_db.models import DBTaskResult

    from yupana.einvoicing.tasks import dispatch_document

    settings.YUPANA_SUNAT_HEARTBEAT = True
    dispatch_document.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue(0)  # a later retry
    with django_capture_on_commit_callbacks(execute=True):
        documents = [issue_factura(issuer, customer, rice, quantity="1") for _ in range(5)]
    ready = DBTaskResult.objects.filter(status="READY")
    drainers = ready.filter(task_path__endswith="dispatch_document")
    assert drainers.count() == 3  # the later retry + two drainers for the five sales
    assert sorted(t.args_kwargs["args"][0] for t in drainers)[1:] == [documents[0].electronic.pk,
                                                                       documents[1].electronic.pk]
    assert ready.filter(task_path__endswith="sunat_heartbeat").count() == 1


def test_a_factura_held_past_sunats_window_is_rejected_2108_and_says_what_to_do(issuer, customer, rice,
                                                                                 simulator, client):
    from yupana.companies.testing import login_client, make_user

    # Given a factura issued four days ago that an outage kept from SUNAT (SUNAT in production mode)
    four_days_ago = timezone.localdate() - dt.timedelta(days=4)
    document = sale_issue(company=issuer, user=None, today=four_days_ago, data=SaleInput(
        doc_type="01", series_code="F001", customer_id=customer.pk, issue_date=four_days_ago,
        lines=[LineInput(description="", quantity=D("1"), unit_price=rice.price, product_id=rice.pk)]))
    simulator.control.set(sending_window=True)
    # When it is finally sent, SUNAT rejects it as late and the number is used up
    assert dispatch_once(document.electronic.pk) == Status.REJECTED
    electronic = ElectronicDocument.objects.get(pk=document.electronic.pk)
    assert electronic.cdr_code == "2108" and "fuera de fecha" in electronic.cdr_description.lower()
    # Then its page shows SUNAT's reason and the way forward (a new document)
    page = login_client(client, make_user(issuer)).get(f"/ventas/{document.pk}/").content.decode()
    assert "código 2108" in page and "Presentacion fuera de fecha" in page
    assert "emita un comprobante nuevo" in page and "Emitir uno nuevo con estas líneas" in page
