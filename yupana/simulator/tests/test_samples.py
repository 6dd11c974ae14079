"""The real signed samples, sent to the simulator: accepted or rejected as SUNAT's rules say."""

import base64

import pytest
from lxml import etree

from yupana.sunat import cdr
from yupana.sunat.cdr import Outcome

from .helpers import cdr_of, sample, sample_name, send_bill, send_summary, soap_call, zipped

CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def _cdr_facts(cdr: bytes) -> tuple[str, list[str]]:
    root = etree.fromstring(cdr)
    notes = [n.text.split(" - ", 1)[0] for n in root.iter(f"{CBC}Note")]
    return root.findtext(f".//{CBC}ResponseCode"), notes


@pytest.mark.parametrize("file_name, code, notes", [
    ("greenter-F001-1__20123456789-01-F001-1.xml", "0", []),
    ("openubl__12345678912-01-F001-1.xml", "0", []),
    # Accepted with the observations SUNAT's sheet raises (attribute names of catalogs, etc.)
    ("openubl__12345678912-01-F001-1_observado.xml", "0", ["4252", "4255", "4242", "4255", "4252", "4252", "3244"]),
    # A UBL 2.0 boleta (CustomizationID 1.0): SUNAT rejects it with 2072
    ("openubl__20603233591-03-B007-00000049.xml", "2072", []),
])
def test_bill_samples(fresh, file_name, code, notes):
    sim = fresh
    name = sample_name(file_name)
    ruc, doc_type, series, number = name.split("-")
    answer = send_bill(sim.bill_url, name, zipped(name, sample(file_name)), user=f"{ruc}MODDATOS")
    assert answer.status == 200, answer.text
    assert _cdr_facts(cdr_of(answer)[1]) == (code, notes)
    # The core's CDR reader agrees on the outcome
    expected = {"0": Outcome.OBSERVED if any(n >= "4000" for n in notes) else Outcome.ACCEPTED}.get(code, Outcome.REJECTED)
    assert cdr.parse(base64.b64decode(answer.find("applicationResponse"))).outcome == expected
    status = soap_call(sim.consult_url, "getStatus", {"rucComprobante": ruc, "tipoComprobante": doc_type,
                                                      "serieComprobante": series, "numeroComprobante": number},
                       user=f"{ruc}MODDATOS")
    assert status.find("statusCode") == ("0001" if code == "0" else "0002")


@pytest.mark.parametrize("file_name, status_code, code", [
    ("greenter-F001-1__20123456789-RA-20201018-1.xml", "0", "0"),
    # Its lines lack the tax rate (cbc:Percent), required since February 2026: 2992
    ("greenter-F001-1__20123456789-RC-20201022-33221.xml", "99", "2992"),
    # Edited after signing: the ticket ends in 99 and the CDR says "alterado"
    ("greenter-ws__20000000001-RC-20171119-001.xml", "99", "2335"),
    # The issuer (AccountingSupplierParty) is 12345678912, as in the name; only the signature's
    # party says 12312312312, which SUNAT's RA rules do not compare: accepted.
    ("openubl__12345678912-RA-20200328-1.xml", "0", "0"),
])
def test_summary_samples(fresh, file_name, status_code, code):
    sim = fresh
    name = sample_name(file_name)
    ruc = name.split("-")[0]
    sent = send_summary(sim.bill_url, name, zipped(name, sample(file_name)), user=f"{ruc}MODDATOS")
    ticket = sent.find("ticket")
    assert ticket, sent.text
    status = soap_call(sim.bill_url, "getStatus", {"ticket": ticket}, user=f"{ruc}MODDATOS")
    assert status.find("statusCode") == status_code
    assert _cdr_facts(cdr_of(status, "content")[1])[0] == code


@pytest.mark.parametrize("name, code", [
    ("20000000001-01-F001-1", "1034"),  # RUC of the name is not the issuer's
    ("20123456789-01-F002-1", "1035"),  # series
    ("20123456789-01-F001-2", "1036"),  # number
])
def test_name_versus_content_is_an_exception_and_registers_nothing(fresh, name, code):
    sim = fresh
    ruc = name.split("-")[0]
    answer = send_bill(sim.bill_url, name, zipped(name, sample("greenter-F001-1__20123456789-01-F001-1.xml")),
                       user=f"{ruc}MODDATOS")
    assert answer.status == 500
    assert answer.fault_code == f"soap-env:Client.{code}"
    assert "nombre del archivo" in answer.fault_string
