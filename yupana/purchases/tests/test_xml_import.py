"""Importing the supplier's XML: a real signed UBL document built with the SUNAT core."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal as D

import pytest

from yupana.inventory.selectors import default_warehouse
from yupana.inventory.services import balance
from yupana.masterdata.models import Product, Supplier
from yupana.purchases.models import PurchaseDocument, SupplierProductCode
from yupana.purchases.services import PurchaseRefused
from yupana.purchases.ubl import Choice, purchase_from_import, read_supplier_xml

from .factories import SUPPLIER_NAME, SUPPLIER_RUC, supplier_xml


def test_import_fills_everything_and_offers_unknown_products(shop, rice):
    imported = read_supplier_xml(company=shop, data=supplier_xml(credit_until="2026-12-20"))
    assert (imported.supplier_ruc, imported.supplier_name, imported.series, imported.number) == (
        SUPPLIER_RUC, SUPPLIER_NAME, "F001", 345)
    # 20 x 15.00 + 12 x 6.50 = 378.00 + 18% = 446.04
    assert imported.stated_total == D("446.04") and imported.credit and str(imported.due_date) == "2026-12-20"
    assert imported.supplier is None  # a new supplier: created when registering
    assert imported.lines[0].product == rice  # matched by our own code
    assert [line.description for line in imported.unknown] == ["Aceite vegetal 1 L"]
    with pytest.raises(PurchaseRefused) as exc:
        purchase_from_import(company=shop, user=None, imported=imported, choices={})
    assert exc.value.field == "línea 2, producto" and "Aceite" in exc.value.message
    assert not Supplier.objects.filter(company=shop).exists()  # nothing half-saved
    document = purchase_from_import(company=shop, user=None, imported=imported,
                                    choices={2: Choice(create_code="ACE01")})
    assert (document.total, document.payment_terms, document.supplier.ruc) == (D("446.04"), "credito", SUPPLIER_RUC)
    oil = Product.objects.get(company=shop, code="ACE01")
    main = default_warehouse(company=shop)
    assert balance(product=rice, warehouse=main) == (D("20"), D("300.00"))
    assert balance(product=oil, warehouse=main) == (D("12"), D("78.00"))
    assert bytes(document.xml).startswith(b"<?xml")
    # The supplier's code is remembered: the next invoice maps the oil by itself
    assert SupplierProductCode.objects.get(code="P-0093").product == oil
    again = read_supplier_xml(company=shop, data=supplier_xml(number=346))
    assert again.unknown == [] and again.lines[1].product == oil


def test_map_unknown_line_to_an_existing_product(shop, rice):
    oil = Product.objects.create(company=shop, code="OIL", description="Aceite", price=D("8"), stock_control=True)
    imported = read_supplier_xml(company=shop, data=supplier_xml())
    purchase_from_import(company=shop, user=None, imported=imported, choices={2: Choice(product_id=oil.pk)})
    assert balance(product=oil, warehouse=default_warehouse(company=shop)) == (D("12"), D("78.00"))


def test_same_xml_twice_is_a_duplicate(shop, rice):
    xml = supplier_xml()
    purchase_from_import(company=shop, user=None, imported=read_supplier_xml(company=shop, data=xml),
                         choices={2: Choice(create_code="ACE01")})
    with pytest.raises(PurchaseRefused) as exc:
        purchase_from_import(company=shop, user=None, imported=read_supplier_xml(company=shop, data=xml), choices={})
    assert "ya está registrada" in exc.value.message
    assert PurchaseDocument.objects.count() == 1


def test_zip_as_received_is_accepted(shop, rice):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{SUPPLIER_RUC}-01-F001-345.xml", supplier_xml())
    assert read_supplier_xml(company=shop, data=buffer.getvalue()).number == 345


def test_document_addressed_to_another_ruc_is_refused(shop):
    with pytest.raises(PurchaseRefused) as exc:
        read_supplier_xml(company=shop, data=supplier_xml(customer_ruc="20100066603"))
    assert "20100066603" in exc.value.message and shop.ruc in exc.value.message


@pytest.mark.parametrize("data, words", [
    (b"hola, esto no es XML", "no es un XML legible"),
    (b"<?xml version='1.0'?><pedido><item>1</item></pedido>", "no es una factura"),
    (b"", "no es un XML legible"),
])
def test_not_ubl_is_refused(shop, data, words):
    with pytest.raises(PurchaseRefused) as exc:
        read_supplier_xml(company=shop, data=data)
    assert exc.value.field == "archivo XML" and words in exc.value.message


def test_altered_document_is_refused(shop):
    xml = supplier_xml().replace(b">20</cbc:InvoicedQuantity>", b">200</cbc:InvoicedQuantity>")
    with pytest.raises(PurchaseRefused) as exc:
        read_supplier_xml(company=shop, data=xml)
    assert "no es un comprobante válido" in exc.value.message


def test_credit_note_xml_finds_the_invoice_it_modifies(shop, rice):
    imported = read_supplier_xml(company=shop, data=supplier_xml())
    invoice = purchase_from_import(company=shop, user=None, imported=imported, choices={2: Choice(create_code="ACE01")})
    note_xml = supplier_xml(doc_type="07", number=9, reference="F001-345",
                            lines=[{"description": "Arroz extra 5 kg", "quantity": "2", "unit_value": "15.00",
                                    "code": "ARZ01"}])
    note = purchase_from_import(company=shop, user=None, imported=read_supplier_xml(company=shop, data=note_xml),
                                choices={})
    assert note.reference == invoice and note.total == D("35.40")
    assert balance(product=rice, warehouse=default_warehouse(company=shop)) == (D("18"), D("270.00"))
