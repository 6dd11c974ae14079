"""billService and billConsultService over real HTTP: answers, SUNAT's codes, CDRs and state."""

import base64
import time

import pytest
from lxml import etree

from yupana.sunat import signing

from .helpers import (FACTURA, RA, RC, cdr_of, raw_zip, rc_with_percent, resign, sample, send_bill, send_summary, soap_call,
                      zipped)

CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
NAME = "20123456789-01-F001-1"


def consult(sim, operation, doc_type, series, number, **kwargs):
    return soap_call(sim.consult_url, operation, {"rucComprobante": "20123456789", "tipoComprobante": doc_type,
                                                   "serieComprobante": series, "numeroComprobante": number},
                     **kwargs)


def test_a_signed_factura_is_accepted_with_a_signed_cdr(fresh):
    # Given the real signed factura F001-1 of RUC 20123456789
    # When it is sent with the beta-like default account
    answer = send_bill(fresh.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    # Then the answer is a CDR zip R-{name}.zip holding R-{name}.xml, accepted and signed
    assert answer.status == 200
    entry, cdr = cdr_of(answer)
    assert entry == f"R-{NAME}.xml"
    root = etree.fromstring(cdr)
    assert root.findtext(f".//{CBC}ResponseCode") == "0"
    assert root.findtext(f".//{CBC}Description") == "La Factura numero F001-1, ha sido aceptada"
    assert root.findtext(f".//{CBC}ReferenceID") == "F001-1"
    assert root.find(".//{*}ReceiverParty//{*}ID").text == "20123456789"
    assert signing.verify(cdr).valid
    # And billConsultService knows it as accepted, with the same CDR
    assert consult(fresh, "getStatus", "01", "F001", "1").find("statusCode") == "0001"
    stored = consult(fresh, "getStatusCdr", "01", "F001", "1")
    assert stored.find("statusCode") == "0004"
    assert cdr_of(stored, "content")[1] == cdr


def test_the_same_file_again_returns_the_registered_cdr(fresh):
    first = send_bill(fresh.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    again = send_bill(fresh.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    assert again.status == 200
    assert cdr_of(again) == cdr_of(first)


def test_the_same_number_with_other_content_answers_1033(fresh):
    send_bill(fresh.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    other = resign(sample(FACTURA), b">118.00</cbc:PayableAmount>", b">119.00</cbc:PayableAmount>")
    answer = send_bill(fresh.bill_url, NAME, zipped(NAME, other))
    assert answer.status == 500
    assert answer.fault_code == "soap-env:Client.1033"
    assert answer.fault_string.startswith("El comprobante fue registrado previamente con otros datos")


def test_an_altered_document_is_rejected_and_its_number_used_up(fresh):
    # Given the signed factura with its total changed after signing
    altered = sample(FACTURA).replace(b">118.00</cbc:PayableAmount>", b">1.00</cbc:PayableAmount>")
    # When it is sent
    answer = send_bill(fresh.bill_url, NAME, zipped(NAME, altered))
    # Then the CDR rejects it as altered (2334/2335), and the number cannot be used again (1032)
    assert answer.status == 200
    code = etree.fromstring(cdr_of(answer)[1]).findtext(f".//{CBC}ResponseCode")
    assert code in ("2334", "2335")
    assert consult(fresh, "getStatus", "01", "F001", "1").find("statusCode") == "0002"
    again = send_bill(fresh.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    assert again.fault_code == "soap-env:Client.1032"


def _zip_fault(sim, file_name, content):
    answer = soap_call(sim.bill_url, "sendBill",
                       {"fileName": file_name, "contentFile": base64.b64encode(content).decode()})
    assert answer.status == 500
    return answer.fault_code.rsplit(".", 1)[-1]


@pytest.mark.parametrize(
    "file_name, content, code",
    [
        ("factura.zip", b"x", "0151"),
        (f"{NAME}.xml", b"x", "0151"),
        (f"{NAME}.zip", b"", "0155"),
        (f"{NAME}.zip", b"esto no es un zip", "0156"),
        (f"{NAME}.zip", raw_zip({"dummy": b""}), "0157"),
        (f"{NAME}.zip", raw_zip({f"{NAME}.xml": b"<a/>", "20123456789-01-F001-2.xml": b"<a/>"}), "0158"),
        (f"{NAME}.zip", raw_zip({"factura.txt": b"<a/>"}), "0159"),
        (f"{NAME}.zip", raw_zip({f"{NAME}.xml": b""}), "0160"),
        (f"{NAME}.zip", raw_zip({"20123456789-01-F001-2.xml": b"<a/>"}), "0161"),
        (f"{NAME}.zip", raw_zip({f"{NAME}.xml": b"<Invoice><sin cerrar>"}), "0306"),
        ("20123456789-RC-20201022-33221.zip", zipped("20123456789-RC-20201022-33221", sample(RC)), "0152"),
    ],
)
def test_broken_uploads_get_sunats_exception_codes(fresh, file_name, content, code):
    assert _zip_fault(fresh, file_name, content) == code
    # And nothing was registered
    assert consult(fresh, "getStatus", "01", "F001", "1").find("statusCode") == "0011"


def test_credentials_are_checked_like_sol(fresh):
    content = zipped(NAME, sample(FACTURA))
    wrong = send_bill(fresh.bill_url, NAME, content, password="otra")
    assert wrong.fault_code == "soap-env:Client.0104"
    unknown = send_bill(fresh.bill_url, NAME, content, user="DESCONOCIDO")
    assert unknown.fault_code == "soap-env:Client.0102"
    missing = send_bill(fresh.bill_url, NAME, content, user=None)
    assert missing.fault_code == "soap-env:Client.0102"
    other_ruc = send_bill(fresh.bill_url, NAME, content, user="20000000001MODDATOS")
    assert other_ruc.fault_code == "soap-env:Client.0154"
    # A configured account: RUC + user, its own password (and the default one still works)
    fresh.control.add_account("20123456789", "FACTURA1", "s3creta")
    assert send_bill(fresh.bill_url, NAME, content, user="20123456789FACTURA1", password="moddatos").fault_code \
        == "soap-env:Client.0104"
    assert send_bill(fresh.bill_url, NAME, content, user="20123456789FACTURA1", password="s3creta").status == 200


def wait_ticket(sim, ticket, timeout=30.0):
    deadline = time.monotonic() + timeout
    while True:
        status = soap_call(sim.bill_url, "getStatus", {"ticket": ticket})
        if status.find("statusCode") != "98" or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def test_a_voided_communication_voids_after_its_ticket_and_blocks_the_number(fresh):
    # Given RA-20201018-1, which voids F001-111 and FC01-23 of RUC 20123456789, and a slow SUNAT
    name = "20123456789-RA-20201018-1"
    fresh.control.set(ticket_delay=3.0)
    ticket = send_summary(fresh.bill_url, name, zipped(name, sample(RA))).find("ticket")
    assert ticket and ticket.isdigit()
    # While processing: 98, no CDR, nothing voided yet
    status = soap_call(fresh.bill_url, "getStatus", {"ticket": ticket})
    assert status.find("statusCode") == "98" and status.find("content") is None
    assert consult(fresh, "getStatus", "01", "F001", "111").find("statusCode") == "0011"
    # When the delay is over: 0 with the CDR of the RA
    status = wait_ticket(fresh, ticket)
    assert status.find("statusCode") == "0"
    entry, cdr = cdr_of(status, "content")
    assert entry == f"R-{name}.xml"
    root = etree.fromstring(cdr)
    assert root.findtext(f".//{CBC}ResponseCode") == "0"
    assert root.findtext(f".//{CBC}Description") == "La Comunicación de baja RA-20201018-1, ha sido aceptada"
    # Then both documents are voided for later queries, and their numbers answer 1032
    assert consult(fresh, "getStatus", "01", "F001", "111").find("statusCode") == "0003"
    assert consult(fresh, "getStatus", "01", "FC01", "23").find("statusCode") == "0003"
    f111 = resign(sample(FACTURA), b"<cbc:ID>F001-1</cbc:ID>", b"<cbc:ID>F001-111</cbc:ID>")
    answer = send_bill(fresh.bill_url, "20123456789-01-F001-111", zipped("20123456789-01-F001-111", f111))
    assert answer.fault_code == "soap-env:Client.1032"
    # And the same RA again answers 2223
    assert send_summary(fresh.bill_url, name, zipped(name, sample(RA))).fault_code == "soap-env:Client.2223"


def test_a_daily_summary_registers_and_voids_boletas(fresh):
    # Given RC-20201022-33221: adds B001-22 (03) and BC01-3 (07), voids BA01-11 (status 3)
    name = "20123456789-RC-20201022-33221"
    ticket = send_summary(fresh.bill_url, name, zipped(name, rc_with_percent())).find("ticket")
    assert wait_ticket(fresh, ticket).find("statusCode") == "0"
    assert consult(fresh, "getStatus", "03", "B001", "22").find("statusCode") == "0001"
    assert consult(fresh, "getStatus", "03", "BA01", "11").find("statusCode") == "0003"


def test_stuck_tickets_stay_at_98_until_released(fresh):
    name = "20123456789-RA-20201018-1"
    fresh.control.set(ticket_stuck=True)
    ticket = send_summary(fresh.bill_url, name, zipped(name, sample(RA))).find("ticket")
    for _ in range(3):
        assert soap_call(fresh.bill_url, "getStatus", {"ticket": ticket}).find("statusCode") == "98"
    assert consult(fresh, "getStatus", "01", "F001", "111").find("statusCode") == "0011"
    fresh.control.set(ticket_stuck=False)
    assert wait_ticket(fresh, ticket).find("statusCode") == "0"


def test_unknown_ticket_answers_0127(fresh):
    answer = soap_call(fresh.bill_url, "getStatus", {"ticket": "123"})
    assert answer.fault_code == "soap-env:Client.0127"


def test_consult_of_a_missing_document_and_bad_parameters(fresh):
    assert consult(fresh, "getStatus", "01", "F001", "9").find("statusCode") == "0011"
    missing = consult(fresh, "getStatusCdr", "01", "F001", "9")
    assert (missing.find("statusCode"), missing.find("statusMessage")) == ("0011", "Comprobante no encontrado o no existe")
    assert consult(fresh, "getStatus", "99", "F001", "9").fault_code == "soap-env:Client.0005"


def test_anyone_may_check_validity_but_only_the_issuer_gets_the_cdr(fresh):
    send_bill(fresh.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    buyer = {"user": "20000000001MODDATOS"}
    assert consult(fresh, "getStatus", "01", "F001", "1", **buyer).find("statusCode") == "0001"
    assert consult(fresh, "getStatusCdr", "01", "F001", "1", **buyer).fault_code == "soap-env:Client.0154"


def test_a_request_that_is_not_soap_gets_a_client_fault(fresh):
    import httpx

    response = httpx.post(fresh.bill_url, content=b"hola", headers={"Content-Type": "text/xml"})
    assert response.status_code == 500
    assert "<faultcode>soap-env:Client</faultcode>" in response.text
    assert httpx.get(fresh.url + "/no-existe").status_code == 404


def test_the_pytest_fixture_gives_a_running_simulator(sunat_simulator):
    assert sunat_simulator.control.state()["ticket_delay"] == 0
    answer = send_bill(sunat_simulator.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    assert answer.status == 200


def test_the_received_log_tells_a_resend_from_a_registration(fresh):
    send_bill(fresh.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    send_bill(fresh.bill_url, NAME, zipped(NAME, sample(FACTURA)))
    assert [r["outcome"] for r in fresh.control.received()] == ["resent", "accepted"]
