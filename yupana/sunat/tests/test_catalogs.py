import pytest

from yupana.sunat import catalogs
from yupana.sunat.catalogs import Affectation, DocumentType, TaxScheme


def test_affectation_carries_scheme_and_onerous_flag():
    assert (Affectation.GRAVADO.scheme, Affectation.GRAVADO.onerous, Affectation.GRAVADO.taxed) == (TaxScheme.IGV, True, True)
    assert (Affectation.of("13").scheme, Affectation.of("13").taxed, Affectation.of("13").group) == (TaxScheme.GRATUITO, True, TaxScheme.IGV)
    assert Affectation.of("20").scheme is TaxScheme.EXONERADO
    assert Affectation.of("21").scheme is TaxScheme.GRATUITO and not Affectation.of("21").taxed
    assert Affectation.of("30").scheme is TaxScheme.INAFECTO
    assert Affectation.of("40").scheme is TaxScheme.EXPORTACION


def test_tax_scheme_attributes_from_catalog_05():
    assert (TaxScheme.IGV.scheme_name, TaxScheme.IGV.tax_type_code, TaxScheme.IGV.category) == ("IGV", "VAT", "S")
    assert (TaxScheme.ICBPER.scheme_name, TaxScheme.ICBPER.tax_type_code) == ("ICBPER", "OTH")


def test_unknown_codes_name_the_catalog():
    with pytest.raises(catalogs.UnknownCode, match="catálogo 07"):
        Affectation.of("19")
    with pytest.raises(catalogs.UnknownCode, match="catálogo 03"):
        catalogs.unit_code("CAJA")


def test_csv_catalogs():
    assert catalogs.unit_code("NIU") == "NIU"
    assert catalogs.describe("51", "0200") == "Exportación de Bienes"
    assert catalogs.exists("54", "037")
    assert DocumentType.BOLETA.series_letter == "B"
