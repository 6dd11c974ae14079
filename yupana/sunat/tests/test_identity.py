import pytest

from yupana.sunat import identity


def test_ruc_check_digit():
    assert identity.validate_ruc(" 20100066603 ") == "20100066603"
    assert not identity.is_valid_ruc("20100066604")
    with pytest.raises(identity.InvalidChecksum):
        identity.validate_ruc("20100066604")
    with pytest.raises(identity.InvalidLength):
        identity.validate_ruc("2010006660")


def test_dni_is_eight_digits():
    assert identity.validate_dni("46027897") == "46027897"
    assert not identity.is_valid_dni("4602789")
    assert not identity.is_valid_dni("4602789A")


def test_docstring_examples():
    import doctest

    assert doctest.testmod(identity).failed == 0
