"""The CDR written as text: the same document an lxml builder gives, canonical, signed, zipped."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from lxml import etree

from yupana.simulator.cdrwriter import LIMA, NSMAP, SUNAT_RUC, CdrWriter
from yupana.sunat import cdr, signing

NOW = datetime(2026, 11, 27, 15, 4, 5, tzinfo=LIMA)


@pytest.fixture(scope="module")
def writer(tmp_path_factory):
    return CdrWriter(tmp_path_factory.mktemp("cdr"))


def _sub(parent, tag, text=None):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}")
    if text is not None:
        element.text = text
    return element


def _party(parent, tag, party_id):
    party = _sub(parent, tag)
    _sub(_sub(party, "cac:PartyIdentification"), "cbc:ID", party_id)
    return party


def expected_tree(response_id, *, receiver_ruc, reference_id, code, description, notes, issue_date, recipient):
    """The CDR as SUNAT lays it out, built element by element (what the writer did before)."""
    root = etree.Element(f"{{{NSMAP['ar']}}}ApplicationResponse", nsmap=NSMAP)
    _sub(_sub(_sub(root, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
    for tag, text in (("cbc:UBLVersionID", "2.0"), ("cbc:CustomizationID", "1.0"), ("cbc:ID", response_id),
                      ("cbc:IssueDate", issue_date or "2026-11-27"), ("cbc:IssueTime", "00:00:00"),
                      ("cbc:ResponseDate", "2026-11-27"), ("cbc:ResponseTime", "15:04:05")):
        _sub(root, tag, text)
    signature = _sub(root, "cac:Signature")
    _sub(signature, "cbc:ID", "SignSUNAT")
    _sub(_sub(_party(signature, "cac:SignatoryParty", SUNAT_RUC), "cac:PartyName"), "cbc:Name", "SUNAT")
    _sub(_sub(_sub(signature, "cac:DigitalSignatureAttachment"), "cac:ExternalReference"), "cbc:URI", "#SignSUNAT")
    for note in notes:
        _sub(root, "cbc:Note", note)
    _party(root, "cac:SenderParty", SUNAT_RUC)
    _party(root, "cac:ReceiverParty", receiver_ruc)
    document_response = _sub(root, "cac:DocumentResponse")
    response = _sub(document_response, "cac:Response")
    _sub(response, "cbc:ReferenceID", reference_id)
    _sub(response, "cbc:ResponseCode", code)
    _sub(response, "cbc:Description", description)
    _sub(_sub(document_response, "cac:DocumentReference"), "cbc:ID", reference_id)
    if recipient:
        _party(document_response, "cac:RecipientParty", recipient)
    return root


CASES = [
    dict(receiver_ruc="20123456789", reference_id="F001-4", code="0",
         description="La Factura numero F001-4, ha sido aceptada", notes=[], issue_date="2026-11-20",
         recipient="6-20587896411"),
    dict(receiver_ruc="20123456789", reference_id="B001-1", code="0",
         description="La Comunicación de baja RA-20261121-1, ha sido aceptada",
         notes=['4332 - Error en la linea: 1: Valor no se encuentra en el catalogo: 25 (nodo: "x" valor: "1")',
                "3270 - a < b && c > d 'ñandú'\ttab\nlínea"],
         issue_date="", recipient=None),
    dict(receiver_ruc="20123456789", reference_id="F001-<&>", code="2334",
         description="La firma <ds:Signature> & \r\"cita\"", notes=[], issue_date="2026-11-20", recipient="1-<&>"),
]


@pytest.mark.parametrize("case", CASES)
def test_the_cdr_is_the_document_sunat_lays_out_canonical_and_signed(writer, case):
    signed = writer.xml(**case, now=NOW)
    root = signing.parse_xml(signed)
    response_id = root.findtext(f"{{{NSMAP['cbc']}}}ID")
    # The signature verifies with the simulator's key, and sits in the empty ExtensionContent
    assert signing.verify(signed).valid
    signature = root.find(f".//{{{NSMAP['ds']}}}Signature")
    assert signature.get("Id") == "SignSUNAT"
    assert signature.getparent().tag == f"{{{NSMAP['ext']}}}ExtensionContent"
    # Without the signature, it is element for element and text for text the expected CDR
    signature.getparent().remove(signature)
    expected = expected_tree(response_id, **case)
    assert etree.tostring(root, method="c14n") == etree.tostring(expected, method="c14n")
    # The core's reader gets back what was written (it folds whitespace)
    read = cdr.parse(writer.zip("20123456789-01-F001-4", signed))
    assert (read.code, read.description, read.document_id) == (
        case["code"], " ".join(case["description"].split()), case["reference_id"])


def test_the_unsigned_text_is_already_canonical(writer):
    # The writer signs with assume_canonical: its text must be its own C14N, or SUNAT would see 2335
    for case in CASES:
        signed = writer.xml(**case, now=NOW)
        root = signing.parse_xml(signed)
        signature = root.find(f".//{{{NSMAP['ds']}}}Signature")
        signature.getparent().remove(signature)
        body = signed.split(b"?>", 1)[1].lstrip()
        start = body.index(b"<ds:Signature")
        end = body.index(b"</ds:Signature>") + len(b"</ds:Signature>")
        assert body[:start] + body[end:] == etree.tostring(root, method="c14n")


def test_text_xml_cannot_hold_is_refused(writer):
    with pytest.raises(ValueError):
        writer.xml(receiver_ruc="20123456789", reference_id="F001-1\x01", code="0", description="x", now=NOW)


def test_the_zip_holds_r_name_xml(writer):
    signed = writer.xml(**CASES[0], now=NOW)
    with zipfile.ZipFile(io.BytesIO(writer.zip("20123456789-01-F001-4", signed))) as archive:
        assert archive.namelist() == ["R-20123456789-01-F001-4.xml"]
        assert archive.read("R-20123456789-01-F001-4.xml") == signed
