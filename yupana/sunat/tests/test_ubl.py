"""Rendering details: escaping, Unicode, canonical form, element order against the XSD."""

from datetime import date
from decimal import Decimal as D

from lxml import etree

from yupana.sunat import signing, taxes, ubl
from yupana.sunat.model import Address, Customer, Invoice, Issuer, Line

ISSUER = Issuer(ruc="20123456786", legal_name="EMPRESA & HIJOS <DEMO> S.A.C.", address=Address(line="AV. \"LOS PINOS\" 123", ubigeo="150101"))
CUSTOMER = Customer(doc_type="6", number="20100066603", name="CAFÉ ÑAÑO S.R.L.")
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def render(description: str) -> bytes:
    doc = Invoice(doc_type="01", series="F001", number=1, issue_date=date(2026, 11, 20), issuer=ISSUER, customer=CUSTOMER,
                  lines=(Line(description=description, quantity=D("1"), unit_value=D("10")),))
    return ubl.render(taxes.compute(doc))


def test_special_characters_and_unicode_round_trip():
    text = 'Tornillo 1/2" <acero> & tuerca — 10 µm, 漢字, emoji 🧾, ñandú'
    xml = render(text)
    root = etree.fromstring(xml)
    assert root.find(f".//{CBC}Description").text == text
    assert root.find(f".//{CBC}RegistrationName").text == "EMPRESA & HIJOS <DEMO> S.A.C."
    assert b"&lt;acero&gt; &amp; tuerca" in xml
    assert signing.is_canonical(xml)


def test_unsigned_xml_has_an_empty_extension_content_for_the_signer():
    xml = render("Producto")
    assert b"<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>" in xml


def test_rendering_is_deterministic():
    assert render("Producto") == render("Producto")


def test_escaped_unicode_document_passes_sunat_rules():
    from yupana.sunat import validation
    from yupana.sunat.testing import demo_signer

    xml = demo_signer("20123456786", "EMPRESA DEMO").sign(render('Tornillo 1/2" <acero> & tuerca — 漢字 🧾'))
    report = validation.validate(xml, "20123456786-01-F001-1.xml")
    assert (report.errors, report.observations) == ((), ())


def test_multiline_description_passes_sunat_rules():
    from yupana.sunat import validation
    from yupana.sunat.testing import demo_signer

    xml = demo_signer("20123456786", "EMPRESA DEMO").sign(render("Servicio de soporte\n- enero\n- febrero\tx"))
    report = validation.validate(xml, "20123456786-01-F001-1.xml")
    assert (report.errors, report.observations) == ((), ())
    assert etree.fromstring(xml).find(f".//{CBC}Description").text == "Servicio de soporte\n- enero\n- febrero\tx"
