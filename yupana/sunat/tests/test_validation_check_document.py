"""``testing.check_document``: the independent judge everyone's tests use."""

from __future__ import annotations

import pytest

from yupana.sunat.testing import SAMPLES, check_document, demo_signer
from yupana.sunat.tests.test_signing import unsigned_copy

FACTURA = SAMPLES / "signed" / "greenter-F001-1__20123456789-01-F001-1.xml"
NAME = "20123456789-01-F001-1.xml"


def test_accepted_document_passes():
    check_document(FACTURA.read_bytes(), NAME)
    check_document(demo_signer().sign(unsigned_copy(FACTURA), "rsa-sha256"), NAME)


def test_every_problem_is_listed():
    # Given a document with a wrong total, altered after signing, sent under another RUC
    xml = FACTURA.read_bytes().replace(b">118.00</cbc:PayableAmount", b">120.00</cbc:PayableAmount")
    with pytest.raises(AssertionError) as info:
        check_document(xml, "20123456788-01-F001-1.xml")
    text = str(info.value)
    assert "firma (signxml)" in text  # the signature no longer matches
    assert "SUNAT: 1034" in text


def test_observations_fail_unless_allowed():
    xml = demo_signer().sign(
        unsigned_copy(FACTURA).replace(b">118.00</cbc:PayableAmount", b">120.00</cbc:PayableAmount")
    )
    with pytest.raises(AssertionError, match="observación: 4312"):
        check_document(xml, NAME)
    check_document(xml, NAME, allow_observations={"4312"})


def test_schema_and_unsigned_documents_fail():
    with pytest.raises(AssertionError, match="XSD: 0306") as info:
        check_document(unsigned_copy(FACTURA), NAME)
    assert "no está firmado" in str(info.value)
