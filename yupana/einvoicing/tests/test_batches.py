"""Daily summaries (RC), voids (RA / RC status 3) and tickets against the real simulator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yupana.einvoicing.batches import batch_dispatch_once, summaries_create
from yupana.einvoicing.dispatch import dispatch_once
from yupana.einvoicing.models import BatchStatus, DocumentEvent, ElectronicDocument, Status, SummaryBatch
from yupana.einvoicing.tasks import sweep
from yupana.einvoicing.voiding import VoidRefused, void_request
from yupana.inventory.selectors import stock_on_hand
from yupana.sales.inputs import LineInput, SaleInput
from yupana.sales.services import sale_issue
from yupana.sunat.testing import check_document

from .test_dispatch import issue_factura, sends

D = Decimal
YESTERDAY = dt.date(2026, 11, 26)
TODAY = dt.date(2026, 11, 27)


def issue_boleta(company, product, *, on=YESTERDAY, quantity="1"):
    data = SaleInput(doc_type="03", series_code="B001", issue_date=on,
                     lines=[LineInput(description="", quantity=D(quantity), unit_price=product.price,
                                      product_id=product.pk)])
    return sale_issue(company=company, user=None, data=data, today=on)


def test_boletas_of_a_day_go_in_one_summary_and_are_accepted(issuer, rice, simulator):
    # Given three boletas issued yesterday (company sends boletas in the daily summary)
    boletas = [issue_boleta(issuer, rice) for _ in range(3)]
    today_boleta = issue_boleta(issuer, rice, on=TODAY)
    # When the summary job runs today
    batches = summaries_create(issuer, before=TODAY)
    # Then one RC for yesterday holds the three (today's waits for tomorrow)
    assert len(batches) == 1
    batch = batches[0]
    assert batch.name == f"{issuer.ruc}-RC-{dt.date.today():%Y%m%d}-1" or batch.name.startswith(f"{issuer.ruc}-RC-")
    assert batch.reference_date == YESTERDAY and batch.lines.count() == 3
    check_document(bytes(batch.xml), batch.name + ".xml")
    assert batch_dispatch_once(batch.pk) == BatchStatus.WAITING  # ticket received
    assert batch_dispatch_once(batch.pk) == BatchStatus.ACCEPTED
    for boleta in boletas:
        electronic = ElectronicDocument.objects.get(document=boleta)
        assert electronic.status == Status.ACCEPTED and electronic.cdr
    assert ElectronicDocument.objects.get(document=today_boleta).status == Status.ISSUED
    # Running again creates nothing new for them
    assert summaries_create(issuer, before=TODAY) == []


def test_ticket_stuck_at_98_is_polled_until_it_resolves(issuer, rice, simulator):
    simulator.control.set(ticket_stuck=True)
    boleta = issue_boleta(issuer, rice)
    batch = summaries_create(issuer, before=TODAY)[0]
    assert batch_dispatch_once(batch.pk) == BatchStatus.WAITING
    for _ in range(3):
        assert batch_dispatch_once(batch.pk) == BatchStatus.WAITING
    batch.refresh_from_db()
    assert batch.last_error.startswith("Ticket en proceso (98)") and batch.attempts == 3
    assert ElectronicDocument.objects.get(document=boleta).status == Status.SENT
    simulator.control.set(ticket_stuck=False)
    assert batch_dispatch_once(batch.pk) == BatchStatus.ACCEPTED
    assert ElectronicDocument.objects.get(document=boleta).status == Status.ACCEPTED
    assert len(sends(simulator, "sendSummary")) == 1


def test_void_factura_sends_an_ra_and_ends_voided(issuer, customer, rice, simulator):
    factura = issue_factura(issuer, customer, rice, quantity="3")
    dispatch_once(factura.electronic.pk)
    assert stock_on_hand(company=issuer, product=rice) == D("-3")
    batch = void_request(company=issuer, user=None, document=factura, reason="Error en el precio")
    assert batch.kind == "RA" and batch.name.startswith(f"{issuer.ruc}-RA-")
    check_document(bytes(batch.xml), batch.name + ".xml")
    assert ElectronicDocument.objects.get(document=factura).status == Status.VOIDING
    assert batch_dispatch_once(batch.pk) == BatchStatus.WAITING
    assert batch_dispatch_once(batch.pk) == BatchStatus.ACCEPTED
    electronic = ElectronicDocument.objects.get(document=factura)
    assert electronic.status == Status.VOIDED and electronic.voided_at
    assert stock_on_hand(company=issuer, product=rice) == D("0")  # the voided sale gives its stock back
    kinds = list(DocumentEvent.objects.filter(document=factura).values_list("kind", flat=True))
    assert kinds[-3:] == ["baja", "enviado", "anulado"]  # requested, RA sent for a ticket, voided


def test_void_boleta_goes_in_an_rc_with_status_3(issuer, rice, simulator):
    boleta = issue_boleta(issuer, rice, on=TODAY)
    summary = summaries_create(issuer, before=TODAY + dt.timedelta(days=1))[0]
    batch_dispatch_once(summary.pk)
    batch_dispatch_once(summary.pk)
    assert ElectronicDocument.objects.get(document=boleta).status == Status.ACCEPTED
    batch = void_request(company=issuer, user=None, document=boleta, reason="Venta anulada por el cliente",
                         today=TODAY)
    assert batch.kind == "RC" and batch.lines.get().line_status == "3"
    check_document(bytes(batch.xml), batch.name + ".xml")
    batch_dispatch_once(batch.pk)
    assert batch_dispatch_once(batch.pk) == BatchStatus.ACCEPTED
    assert ElectronicDocument.objects.get(document=boleta).status == Status.VOIDED


def test_void_refused_past_sunat_deadline_or_before_acceptance(issuer, customer, rice, simulator):
    factura = issue_factura(issuer, customer, rice)
    with pytest.raises(VoidRefused, match="aceptado por SUNAT"):
        void_request(company=issuer, user=None, document=factura, reason="Error")
    dispatch_once(factura.electronic.pk)
    with pytest.raises(VoidRefused, match="venció el .* nota de crédito"):
        void_request(company=issuer, user=None, document=factura, reason="Error en el precio",
                     today=factura.issue_date + dt.timedelta(days=8))
    assert not SummaryBatch.objects.exists()


def test_sweep_sends_everything_owed(issuer, customer, rice, simulator):
    # Given SUNAT was down when two facturas and a boleta were issued
    simulator.control.set(mode="down", code="0109")
    facturas = [issue_factura(issuer, customer, rice) for _ in range(2)]
    boleta = issue_boleta(issuer, rice)
    for factura in facturas:
        dispatch_once(factura.electronic.pk)
    simulator.control.set(mode="up")
    # When the heartbeat's sweep runs (twice: send the RC, then ask its ticket)
    first = sweep(today=TODAY)
    second = sweep(today=TODAY)
    assert first["summaries"] == 1 and first["documents"] == 2
    assert second["batches"] == 1
    # Then everything is accepted, once
    assert set(ElectronicDocument.objects.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert ElectronicDocument.objects.get(document=boleta).status == Status.ACCEPTED
    assert len([r for r in sends(simulator) if r["outcome"] == "accepted"]) == 2


def test_summary_answer_lost_is_reconciled_without_reporting_twice(issuer, rice, simulator):
    # Given SUNAT registers the RC but the connection drops before the ticket reaches us
    boletas = [issue_boleta(issuer, rice) for _ in range(2)]
    batch = summaries_create(issuer, before=TODAY)[0]
    simulator.control.set(drop_after=True, operations=["sendSummary"], count=1)
    assert batch_dispatch_once(batch.pk) == BatchStatus.PENDING
    # When retried: SUNAT answers 2223 (already presented), so each boleta is consulted instead
    assert batch_dispatch_once(batch.pk) == BatchStatus.ACCEPTED
    for boleta in boletas:
        assert ElectronicDocument.objects.get(document=boleta).status == Status.ACCEPTED
        assert DocumentEvent.objects.filter(document=boleta, kind="consulta", code="0001").exists()
    processed = [r for r in sends(simulator, "sendSummary") if r.get("outcome") == "ticket"]
    assert len(processed) == 1
