"""Pure validation rules: document numbers, catalogs and decimals, with SUNAT's own numbers."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yupana.masterdata import catalogs, validation


def messages(fn, *args, **kwargs):
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    return info.value.messages


class TestDocuments:
    def test_ruc_with_good_check_digit_is_normalised(self):
        # Given a RUC typed with spaces and dots; When validated; Then it is compacted
        assert validation.validate_document("6", " 20100.070 970 ") == "20100070970"

    def test_ruc_with_bad_check_digit_names_the_number(self):
        assert messages(validation.validate_document, "6", "20100070971") == [
            "El RUC 20100070971 no es válido: el dígito verificador no coincide."]

    def test_ruc_of_wrong_length(self):
        assert messages(validation.validate_ruc, "2010007097") == ["El RUC debe tener 11 dígitos."]

    def test_ruc_with_unknown_prefix(self):
        # 30... has 11 digits but no taxpayer type 30 exists
        assert "debe empezar con 10, 15, 16, 17 o 20" in messages(validation.validate_ruc, "30100070970")[0]

    def test_dni_needs_eight_digits(self):
        assert validation.validate_document("1", "4567 8901") == "45678901"
        assert messages(validation.validate_document, "1", "1234567") == ["El DNI debe tener 8 dígitos."]
        assert messages(validation.validate_document, "1", "1234567A") == ["El DNI debe tener 8 dígitos."]

    def test_carne_and_passport_are_alphanumeric_up_to_12(self):
        assert validation.validate_document("4", "001234567") == "001234567"
        assert validation.validate_document("7", "ab123456") == "AB123456"
        assert "pasaporte" in messages(validation.validate_document, "7", "AB-12#")[0]
        assert "carné de extranjería" in messages(validation.validate_document, "4", "1234567890123")[0]

    def test_no_document_has_no_number(self):
        assert validation.validate_document("-", "") == ""
        assert validation.validate_document("-", "-") == ""
        assert messages(validation.validate_document, "-", "12345678") == [
            "Un cliente «Sin documento» no lleva número de documento."]

    def test_unknown_document_type(self):
        assert "catálogo 06" in messages(validation.validate_document, "9", "1")[0]

    def test_required_number(self):
        assert messages(validation.validate_document, "1", "") == ["Ingrese el número de documento."]


class TestCatalogs:
    def test_common_units_come_first_with_spanish_names(self):
        codes = list(catalogs.units())
        assert codes[:5] == ["NIU", "ZZ", "KGM", "LTR", "MTR"]
        assert catalogs.units()["KGM"] == "Kilogramo"
        assert len(codes) > 2000  # the whole catalog 03 is there too

    def test_unit_search_finds_by_code_or_name(self):
        assert catalogs.search_units("kilo")[0] == ("KGM", "Kilogramo")
        assert ("BX", "Caja") in catalogs.search_units("caja")

    def test_unit_validation(self):
        assert validation.validate_unit(" kgm ") == "KGM"
        assert messages(validation.validate_unit, "KILO") == [
            "La unidad de medida «KILO» no existe en el catálogo 03 de SUNAT."]

    def test_igv_affectation(self):
        assert validation.validate_igv_affectation("20") == "20"
        assert "catálogo 07" in messages(validation.validate_igv_affectation, "99")[0]

    def test_sunat_product_code_is_optional_but_must_exist(self):
        assert validation.validate_product_code("") == ""
        assert validation.validate_product_code("10101501") == "10101501"  # Gatos
        assert "catálogo 25" in messages(validation.validate_product_code, "99999999")[0]


class TestDecimals:
    @pytest.mark.parametrize("raw, expected", [
        ("25.50", Decimal("25.50")), ("1,250.50", Decimal("1250.50")), ("12,5", Decimal("12.5")),
        ("S/ 3.10", Decimal("3.10")), (7, Decimal("7")), (0.1, Decimal("0.1")), (19.99, Decimal("19.99")),
    ])
    def test_parses_without_float_noise(self, raw, expected):
        assert validation.parse_decimal(raw, places=4, label="el precio") == expected

    def test_too_many_decimals(self):
        assert messages(validation.parse_decimal, "1.23456", places=4, label="el precio") == [
            "El precio admite como máximo 4 decimales: «1.23456»."]

    def test_not_a_number_and_negative(self):
        assert messages(validation.parse_decimal, "diez", places=2, label="el costo") == [
            "El costo no es un número: «diez»."]
        assert messages(validation.parse_decimal, "-1", places=2, label="el costo") == [
            "El costo no puede ser negativo."]


def test_emails_are_split_and_checked():
    assert validation.normalize_emails("a@b.pe; c@d.pe  e@f.pe") == "a@b.pe, c@d.pe, e@f.pe"
    assert messages(validation.normalize_emails, "a@b.pe, malo@") == ["El correo «malo@» no es válido."]
