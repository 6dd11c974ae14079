"""Command-line flags and restarts: the data folder keeps history."""

import httpx

from yupana.simulator.testing import running_simulator

from .helpers import FACTURA, cdr_of, sample, send_bill, soap_call, zipped

NAME = "20123456789-01-F001-1"


def test_a_restart_keeps_documents_cdrs_and_the_simulators_key(tmp_path):
    with running_simulator(tmp_path, ticket_delay=0) as sim:
        first = cdr_of(send_bill(sim.bill_url, NAME, zipped(NAME, sample(FACTURA))))
    with running_simulator(tmp_path) as sim:
        stored = soap_call(sim.consult_url, "getStatusCdr", {
            "rucComprobante": "20123456789", "tipoComprobante": "01", "serieComprobante": "F001",
            "numeroComprobante": "1"})
        assert stored.find("statusCode") == "0004"
        assert cdr_of(stored, "content") == first
        again = cdr_of(send_bill(sim.bill_url, NAME, zipped(NAME, sample(FACTURA))))
        assert again == first


def test_flags_set_faults_and_accounts(tmp_path):
    with running_simulator(tmp_path, down="0109", account=["20123456789:FACTURA1:clave"],
                           no_default_accounts=True, latency=0) as (url, control):
        assert control.state()["mode"] == "down" and control.state()["code"] == "0109"
        bill = url + "/ol-ti-itcpfegem-beta/billService"
        content = zipped(NAME, sample(FACTURA))
        assert send_bill(bill, NAME, content).fault_code == "soap-env:Client.0109"
        control.set(mode="up")
        assert send_bill(bill, NAME, content).fault_code == "soap-env:Client.0102"  # MODDATOS is off
        assert send_bill(bill, NAME, content, user="20123456789FACTURA1", password="clave").status == 200
        control.reset()  # back to the flags: down again
        assert control.state()["mode"] == "down"
        assert httpx.get(url + "/_received").json()[0]["outcome"] == "accepted"


def test_validation_in_a_process_pool_and_a_clean_stop(tmp_path):
    with running_simulator(tmp_path, workers=1, ticket_delay=0) as sim:
        answer = send_bill(sim.bill_url, NAME, zipped(NAME, sample(FACTURA)))
        assert answer.status == 200
        altered = sample(FACTURA).replace(b">118.00</cbc:PayableAmount>", b">1.00</cbc:PayableAmount>")
        other = "20123456789-01-F001-2"
        rejected = cdr_of(send_bill(sim.bill_url, other, zipped(other, altered)))[1]
        assert b"<cbc:ResponseCode>2335</cbc:ResponseCode>" in rejected  # the signature is checked first
    assert sim.process.returncode == 0  # SIGTERM: served requests finish, the store closes
