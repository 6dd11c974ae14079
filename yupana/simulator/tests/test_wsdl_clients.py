"""A client that knows only SUNAT's WSDL (zeep) gets signed CDRs from the simulator."""

import time

import pytest
import zeep
from lxml import etree
from zeep.wsse.username import UsernameToken

from yupana.sunat import signing

from .helpers import FACTURA, rc_with_percent, sample, zipped

CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def clients(sim):
    token = UsernameToken("20123456789MODDATOS", "moddatos")
    bill = zeep.Client(sim.bill_url + "?wsdl", wsse=token)
    consult = zeep.Client(sim.consult_url + "?wsdl", wsse=token)
    return bill, consult


def test_zeep_round_trips(fresh):
    import io
    import zipfile

    bill, consult = clients(fresh)
    # sendBill: the CDR comes back as bytes, a zip with R-{name}.xml, signed by the simulator
    name = "20123456789-01-F001-1"
    cdr_zip = bill.service.sendBill(fileName=f"{name}.zip", contentFile=zipped(name, sample(FACTURA)))
    archive = zipfile.ZipFile(io.BytesIO(cdr_zip))
    cdr = archive.read(f"R-{name}.xml")
    assert etree.fromstring(cdr).findtext(f".//{CBC}ResponseCode") == "0"
    assert signing.verify(cdr).valid
    # sendSummary + getStatus
    rc = "20123456789-RC-20201022-33221"
    ticket = bill.service.sendSummary(fileName=f"{rc}.zip", contentFile=zipped(rc, rc_with_percent()))
    for _ in range(50):
        status = bill.service.getStatus(ticket=ticket)
        if status.statusCode != "98":
            break
        time.sleep(0.1)
    assert status.statusCode == "0" and status.content[:2] == b"PK"
    # billConsultService: getStatus and getStatusCdr
    found = consult.service.getStatus(rucComprobante="20123456789", tipoComprobante="03",
                                      serieComprobante="BA01", numeroComprobante=11)
    assert (found.statusCode, found.statusMessage) == ("0003", "El comprobante existe pero está de baja.")
    stored = consult.service.getStatusCdr(rucComprobante="20123456789", tipoComprobante="01",
                                          serieComprobante="F001", numeroComprobante=1)
    assert stored.statusCode == "0004" and stored.content == cdr_zip


def test_zeep_sees_sunat_faults(fresh):
    bill, _ = clients(fresh)
    fresh.control.set(mode="down", code="0109")
    with pytest.raises(zeep.exceptions.Fault) as caught:
        bill.service.getStatus(ticket="1")
    assert caught.value.code == "soap-env:Client.0109"


def test_the_wsdl_points_at_the_simulator(fresh):
    import httpx

    wsdl = httpx.get(fresh.bill_url + "?wsdl").text
    assert f'location="{fresh.bill_url}"' in wsdl
    assert "e-beta.sunat.gob.pe" not in wsdl
    imported = httpx.get(fresh.bill_url + "?file=billService.ns1.wsdl")
    assert imported.status_code == 200 and "sendSummary" in imported.text
    assert httpx.get(fresh.bill_url + "?file=../../etc/passwd").status_code == 404
