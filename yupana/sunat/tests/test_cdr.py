"""CDR parsing on SUNAT's real answers."""

from __future__ import annotations

import io
import zipfile

import pytest

from yupana.sunat import cdr
from yupana.sunat.cdr import CdrError, Outcome
from yupana.sunat.testing import SAMPLES

CDRS = SAMPLES / "cdr"


def test_accepted_factura_cdr_xml():
    result = cdr.parse((CDRS / "openubl__R-12345678901-01-F001-00000587.xml").read_bytes())
    assert result.code == "0" and result.outcome is Outcome.ACCEPTED and result.accepted
    assert result.description == "La Factura numero F001-00000587, ha sido aceptada"
    assert result.document_id == "F001-00000587"
    assert result.notes == []


def test_accepted_with_observations_keeps_every_note_in_order():
    result = cdr.parse((CDRS / "openubl__R-20220557805-01-F001-22Openubl.XML").read_bytes())
    assert result.code == "0" and result.outcome is Outcome.OBSERVED and result.accepted
    codes = [code for code, _ in result.notes]
    assert codes[:2] == ["4252", "4255"]
    assert "3030" in codes
    assert result.notes[0][1].startswith("El dato ingresado como atributo @listName es incorrecto.")
    # entities are decoded: "información" in note 3030
    assert any("información" in text for code, text in result.notes if code == "3030")


def test_observations_from_iso_8859_1_cdr():
    result = cdr.parse((CDRS / "greenter-ws__R-20600995805-01-F001-3.xml").read_bytes())
    assert result.outcome is Outcome.OBSERVED
    assert result.notes == [
        ("4031", "Debe indicar el nombre comercial"),
        ("4001", "El numero de RUC del receptor no existe."),
    ]
    assert result.document_id == "F001-1"
    assert (result.response_date, result.response_time) == ("2016-05-25", "08:22:48")


def test_exception_cdr_zip_with_empty_dummy_entry():
    data = (CDRS / "greenter-ws__cdr-rechazo.zip").read_bytes()
    result = cdr.parse(data)
    assert result.code == "0109" and result.outcome is Outcome.EXCEPTION and not result.accepted
    assert result.file_name == "R-20600995805-01-F001-2.xml"
    assert result.document_id == "F001-2"  # from Response/ReferenceID: no DocumentReference here
    assert result.raw == data  # stored as received


def test_voided_cdr_zip_and_latin1_description():
    result = cdr.parse((CDRS / "greenter-ws__cdrBaja.zip").read_bytes())
    assert result.outcome is Outcome.ACCEPTED
    assert result.description == "La Comunicación de baja RA-20171001-1, ha sido aceptada"
    assert result.document_id == "RA-20171001-1"


def test_gre_cdr_with_observation():
    result = cdr.parse((CDRS / "greenter-ws__cdrGRE.zip").read_bytes())
    assert result.outcome is Outcome.OBSERVED
    assert result.notes[0][0] == "4398"
    assert "placa: F2E836" in result.notes[0][1]


OSE_CDR = """<?xml version="1.0" encoding="UTF-8"?>
<ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>1</cbc:ID>
 <cac:DocumentResponse><cac:Response><cbc:ReferenceID>F001-7</cbc:ReferenceID>
  <cbc:ResponseCode listAgencyName="PE:SUNAT">0</cbc:ResponseCode>
  <cbc:Description>La Factura numero F001-7, ha sido aceptada</cbc:Description>
  <cac:Status><cbc:StatusReasonCode>4233</cbc:StatusReasonCode>
   <cbc:StatusReason>El dato ingresado no cumple con el formato</cbc:StatusReason></cac:Status>
 </cac:Response><cac:DocumentReference><cbc:ID>F001-7</cbc:ID></cac:DocumentReference></cac:DocumentResponse>
</ApplicationResponse>""".encode()


def test_ose_variant_reads_status_reason_codes():
    result = cdr.parse(OSE_CDR)
    assert result.outcome is Outcome.OBSERVED
    assert result.notes == [("4233", "El dato ingresado no cumple con el formato")]


def test_rejection_code():
    rejected = OSE_CDR.replace(b">0</cbc:ResponseCode>", b">2335</cbc:ResponseCode>")
    assert cdr.parse(rejected).outcome is Outcome.REJECTED


@pytest.mark.parametrize(
    "code, notes, outcome",
    [("0", [], Outcome.ACCEPTED), ("0", [("4001", "x")], Outcome.OBSERVED), ("0", [("", "nota")], Outcome.ACCEPTED),
     ("98", [], Outcome.EXCEPTION), ("1033", [], Outcome.EXCEPTION), ("2000", [], Outcome.REJECTED),
     ("3999", [], Outcome.REJECTED), ("4000", [], Outcome.OBSERVED)],
)
def test_outcome_ranges(code, notes, outcome):
    assert cdr.outcome_for(code, notes) is outcome


def test_unreadable_inputs_raise_cdr_error():
    for data in (b"", b"PK\x03\x04broken", b"<ApplicationResponse/>", b"not xml at all"):
        with pytest.raises(CdrError):
            cdr.parse(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("dummy", b"")
    with pytest.raises(CdrError, match="ningún XML"):
        cdr.parse(buffer.getvalue())
