"""Round trips with the core's own SOAP client (``yupana.sunat.client.SunatClient``) and
documents built by the core (``build.build`` from ``examples/documents``)."""

import functools
from pathlib import Path

import pytest

from yupana.sunat import build, jsonformat, signing
from yupana.sunat.cdr import Outcome
from yupana.sunat.client import SunatClient, SunatFault, TransportError
from yupana.sunat.testing import demo_signer

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "documents"
RUC = "20123456786"  # the examples' issuer


@functools.cache
def built(example: str) -> build.Built:
    doc = jsonformat.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    return build.build(doc, demo_signer(doc.issuer.ruc))


@pytest.fixture
def client(fresh):
    with SunatClient(fresh.url, ruc=RUC, timeout=60) as sunat:
        yield sunat


def test_send_bill_get_status_cdr_and_consult(client):
    factura = built("04-factura-dolares.json")  # F001-4
    cdr = client.send_bill(factura.name, factura.zip)
    assert (cdr.code, cdr.outcome, cdr.document_id) == ("0", Outcome.ACCEPTED, "F001-4")
    assert cdr.description == "La Factura numero F001-4, ha sido aceptada"
    assert signing.verify(cdr.xml).valid
    stored = client.get_status_cdr(RUC, "01", "F001", 4)
    assert (stored.code, stored.message) == ("0004", "La constancia existe")
    assert stored.cdr.raw == cdr.raw
    assert client.consult(RUC, "01", "F001", 4) == ("0001", "El comprobante existe y está aceptado.")


def test_send_summary_and_get_status_then_the_voided_factura(client, fresh):
    factura = built("04-factura-dolares.json")
    client.send_bill(factura.name, factura.zip)
    voided = built("16-comunicacion-baja.json")  # RA voiding F001-4
    fresh.control.set(ticket_delay=30)
    ticket = client.send_summary(voided.name, voided.zip)
    assert client.get_status(ticket).in_process
    fresh.control.set(ticket_delay=0)
    fresh.control.clear()  # drop the slow ticket; send again with no delay
    client.send_bill(factura.name, factura.zip)
    ticket = client.send_summary(voided.name, voided.zip)
    status = client.get_status(ticket)
    assert (status.code, status.cdr.code, status.cdr.outcome) == ("0", "0", Outcome.ACCEPTED)
    assert status.cdr.description == "La Comunicación de baja RA-20261121-1, ha sido aceptada"
    assert client.consult(RUC, "01", "F001", 4)[0] == "0003"
    with pytest.raises(SunatFault) as caught:
        client.send_bill(factura.name, factura.zip)
    assert caught.value.code == "1032"


def test_daily_summary_registers_its_boletas(client):
    summary = built("15-resumen-diario.json")  # adds boletas B001-3 and B001-4
    status = client.get_status(client.send_summary(summary.name, summary.zip))
    assert status.code == "0" and status.cdr.description == "El Resumen diario RC-20261121-1, ha sido aceptado"
    assert client.consult(RUC, "03", "B001", 3)[0] == "0001"


def test_client_sees_each_fault_as_the_core_classifies_it(client, fresh):
    factura = built("01-factura-gravada.json")
    fresh.control.set(mode="down", code="0130")
    with pytest.raises(SunatFault) as caught:
        client.send_bill(factura.name, factura.zip)
    assert caught.value.code == "0130"
    for fault in ({"http_status": 503}, {"http_status": 500}, {"drop": True}):
        fresh.control.reset()
        fresh.control.set(**fault)
        with pytest.raises(TransportError):
            client.send_bill(factura.name, factura.zip)
    fresh.control.reset()
    fresh.control.set(timeout=True, hang_seconds=10)
    with SunatClient(fresh.url, ruc=RUC, timeout=0.5) as impatient, pytest.raises(TransportError):
        impatient.send_bill(factura.name, factura.zip)
    fresh.control.reset()
    assert client.send_bill(factura.name, factura.zip).accepted
