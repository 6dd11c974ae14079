"""SUNAT return-code catalog lookups."""

import pytest

from yupana.sunat import errors


def test_messages_come_from_sunats_catalog():
    assert errors.message("1034") == (
        "Número de RUC del nombre del archivo no coincide con el consignado en el contenido del archivo XML"
    )
    assert errors.message(156) == "El archivo ZIP esta corrupto"
    assert errors.message("soap-env:Client.0130").startswith("El sistema no puede responder su solicitud")
    assert errors.is_known("2334") and not errors.is_known("9999")
    assert "9999" in errors.message("9999")  # an unknown code still names itself


def test_severity_follows_sunats_ranges():
    assert errors.severity("0") is errors.Severity.ACCEPTED
    assert errors.severity("0130") is errors.Severity.EXCEPTION
    assert errors.severity("1033") is errors.Severity.EXCEPTION
    assert errors.severity("2335") is errors.Severity.REJECTED
    assert errors.severity("3999") is errors.Severity.REJECTED
    assert errors.severity("4252") is errors.Severity.OBSERVATION


def test_sunat_error_carries_code_message_and_detail():
    error = errors.SunatError("156", "CRC roto")
    assert error.code == "0156" and error.detail == "CRC roto"
    assert str(error) == "0156 El archivo ZIP esta corrupto (CRC roto)"
    with pytest.raises(ValueError):
        errors.normalize_code("abc")
