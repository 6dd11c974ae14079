"""Every fault mode, switched on and off over real HTTP while the simulator runs."""

import time

import httpx
import pytest

from yupana.simulator.testing import running_simulator

from .helpers import FACTURA, cdr_of, sample, send_bill, soap_call, zipped

NAME = "20123456789-01-F001-1"


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    """Faults do not depend on SUNAT's rules: XSD and signature only, to start faster."""
    with running_simulator(tmp_path_factory.mktemp("faults"), ticket_delay=0, no_rules=True) as simulator:
        yield simulator


def consult_f001_1(sim):
    return soap_call(sim.consult_url, "getStatus", {"rucComprobante": "20123456789", "tipoComprobante": "01",
                                                    "serieComprobante": "F001", "numeroComprobante": "1"})


def send(sim, **kwargs):
    return send_bill(sim.bill_url, NAME, zipped(NAME, sample(FACTURA)), **kwargs)


@pytest.mark.parametrize("code, text", [
    ("0100", "El sistema no puede responder su solicitud. Intente nuevamente"),
    ("0109", "El sistema no puede responder su solicitud. (El servicio de autenticación no está disponible)"),
    ("0130", "El sistema no puede responder su solicitud. (No se pudo obtener el ticket de proceso)"),
])
def test_down_answers_sunats_unavailable_fault_and_registers_nothing(fresh, code, text):
    fresh.control.set(mode="down", code=code)
    answer = send(fresh)
    assert answer.status == 500
    assert answer.fault_code == f"soap-env:Client.{code}"
    assert answer.fault_string.startswith(text)
    fresh.control.set(mode="up")
    assert consult_f001_1(fresh).find("statusCode") == "0011"
    assert send(fresh).status == 200


@pytest.mark.parametrize("status", [500, 503])
def test_http_errors_are_plain_http_not_soap(fresh, status):
    fresh.control.set(http_status=status)
    answer = send(fresh)
    assert answer.status == status
    assert answer.root is None or answer.fault_code is None
    fresh.control.set(http_status=0)
    assert send(fresh).status == 200


def test_drop_closes_the_connection_without_processing(fresh):
    fresh.control.set(drop=True)
    with pytest.raises(httpx.RemoteProtocolError):
        send(fresh)
    fresh.control.set(drop=False)
    assert consult_f001_1(fresh).find("statusCode") == "0011"


def test_drop_after_processes_but_loses_the_answer(fresh):
    # Given a SUNAT that registers the document and then loses the connection
    fresh.control.set(drop_after=True, operations=["sendBill"])
    with pytest.raises(httpx.RemoteProtocolError):
        send(fresh)
    # Then the document is registered: consult says accepted and its CDR can be fetched
    assert consult_f001_1(fresh).find("statusCode") == "0001"
    fresh.control.set(drop_after=False)
    # And sending the very same file again returns that CDR (no 1033)
    assert send(fresh).status == 200


def test_timeout_holds_the_connection_until_the_client_gives_up(fresh):
    fresh.control.set(timeout=True, hang_seconds=5)
    with pytest.raises(httpx.ReadTimeout):
        send(fresh, timeout=0.5)
    fresh.control.reset()  # also frees the held request
    assert consult_f001_1(fresh).find("statusCode") == "0011"
    assert send(fresh).status == 200


def test_latency_delays_every_answer(fresh):
    fresh.control.set(latency_ms=400)
    started = time.monotonic()
    assert consult_f001_1(fresh).find("statusCode") == "0011"
    assert time.monotonic() - started >= 0.4
    fresh.control.set(latency_ms=0)


def _pattern(sim, seed, n=30):
    sim.control.set(fail_rate=0.5, seed=seed, fail_with=["0130", "503"])
    outcomes = []
    for _ in range(n):
        answer = consult_f001_1(sim)
        outcomes.append(answer.fault_code or str(answer.status))
    sim.control.set(fail_rate=0)
    return outcomes


def test_random_failures_repeat_with_the_same_seed(fresh):
    first, second, other = _pattern(fresh, 7), _pattern(fresh, 7), _pattern(fresh, 8)
    assert first == second
    assert first != other
    assert set(first) == {"200", "503", "soap-env:Client.0130"}


def test_count_clears_the_fault_after_that_many_answers(fresh):
    fresh.control.set(mode="down", code="0130", count=2)
    assert send(fresh).fault_code == "soap-env:Client.0130"
    assert send(fresh).fault_code == "soap-env:Client.0130"
    assert send(fresh).status == 200
    assert fresh.control.state()["mode"] == "up"


def test_operations_limits_the_fault(fresh):
    fresh.control.set(mode="down", operations=["sendBill"])
    assert send(fresh).fault_code == "soap-env:Client.0130"
    assert consult_f001_1(fresh).find("statusCode") == "0011"


def test_control_rejects_bad_input_naming_the_field(fresh):
    with pytest.raises(ValueError, match="'http_status'"):
        fresh.control.set(http_status=404)
    with pytest.raises(ValueError, match="'code'"):
        fresh.control.set(mode="down", code="9999")
    with pytest.raises(ValueError, match="desconocido: 'foo'"):
        fresh.control.set(foo=1)
    assert fresh.control.state()["mode"] == "up"  # nothing half-applied
    fresh.control.set(latency_ms=5)
    with pytest.raises(ValueError, match="'account.ruc'"):
        fresh.control._call("/_control", {"reset": True, "account": {"ruc": "123", "user": "A", "password": "b"}})
    assert fresh.control.state()["latency_ms"] == 5  # the reset did not happen either


def test_received_lists_every_request_with_its_outcome(fresh):
    send(fresh)
    send(fresh, password="mala")
    fresh.control.set(drop=True)
    with pytest.raises(httpx.RemoteProtocolError):
        send(fresh)
    fresh.control.set(drop=False)
    rows = fresh.control.received()
    assert [(r["operation"], r["outcome"], r["code"]) for r in rows] == [
        ("sendBill", "falla simulada: drop", None),
        ("sendBill", "fault", "0104"),
        ("sendBill", "accepted", "0"),
    ]
    assert rows[2]["subject"] == NAME
    page = httpx.get(fresh.url + "/").text
    assert "Simulador SUNAT" in page and NAME in page and "0104" in page


def test_sending_window_rejects_a_factura_received_past_sunats_deadline(fresh):
    # The greenter sample is dated years ago: accepted while the window is off (the default) ...
    assert b"<cbc:ResponseCode>0</cbc:ResponseCode>" in cdr_of(send(fresh))[1]
    fresh.control.clear()
    fresh.control.set(sending_window=True)
    answer = send(fresh)
    # ... and, with production's window on, rejected with SUNAT's 2108 in a CDR (the number is used up)
    assert answer.status == 200
    _, cdr = cdr_of(answer)
    assert b"<cbc:ResponseCode>2108</cbc:ResponseCode>" in cdr and b"Presentacion fuera de fecha" in cdr
    assert consult_f001_1(fresh).find("statusCode") == "0002"
    assert fresh.control.set(sending_window=False)["sending_window"] is False
