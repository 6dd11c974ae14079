"""Purchase screens through the test client: register by hand, import XML, pay, payables."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest

from yupana.companies.testing import login_client, make_user
from yupana.inventory.selectors import default_warehouse
from yupana.inventory.services import balance
from yupana.purchases.models import PurchaseDocument, SupplierPayment

from .factories import supplier_xml


@pytest.fixture
def admin(client, shop):
    return login_client(client, make_user(shop, role="administrador", email="admin@bodega.pe"))


def form(supplier, **extra):
    data = {"ruc": supplier.ruc, "tipo": "01", "serie": "F001", "numero": "881", "emision": "2026-11-10",
            "forma_pago": "credito", "vencimiento": "2026-12-10", "moneda": "PEN", "tipo_cambio": "1",
            "codigo_0": "ARZ01", "cantidad_0": "10", "valor_0": "5.00", "afectacion_0": "10",
            "codigo_1": "AZU01", "cantidad_1": "4", "valor_1": "2.50", "afectacion_1": "20", "total": "69.00"}
    data.update(extra)
    return data


def test_register_by_hand_then_pay_part(admin, shop, supplier, rice, sugar):
    response = admin.post("/compras/nueva/", form(supplier))
    document = PurchaseDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/compras/{document.pk}/"
    html = admin.get(f"/compras/{document.pk}/").content.decode()
    assert "S/ 69.00" in html and "Saldo por pagar" in html
    assert balance(product=rice, warehouse=default_warehouse(company=shop)) == (D("10"), D("50.00"))
    admin.post(f"/compras/{document.pk}/pagar/", {"fecha": "2026-11-20", "monto": "30.00", "medio": "efectivo"})
    assert SupplierPayment.objects.get().amount == D("30.00")
    payables = admin.get("/compras/cuentas-por-pagar/").content.decode()
    assert supplier.name in payables and "S/ 39.00" in payables
    too_much = admin.post(f"/compras/{document.pk}/pagar/", {"fecha": "2026-11-20", "monto": "40"}, follow=True)
    assert "El monto supera el saldo pendiente (39.00)" in too_much.content.decode()


def test_errors_name_the_field_and_keep_what_was_typed(admin, supplier, rice, sugar):
    response = admin.post("/compras/nueva/", form(supplier, total="70.00"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Total según el documento: Los importes de las líneas suman 69.00 y el documento dice 70.00" in html
    assert 'value="881"' in html
    admin.post("/compras/nueva/", form(supplier))
    duplicate = admin.post("/compras/nueva/", form(supplier)).content.decode()
    assert "ya está registrada" in duplicate
    unknown = admin.post("/compras/nueva/", form(supplier, codigo_0="NOEXISTE")).content.decode()
    assert "Línea 1, producto: No existe un producto con el código «NOEXISTE»." in unknown
    assert PurchaseDocument.objects.count() == 1


def test_xml_import_with_an_unknown_product(admin, shop, rice):
    upload = io.BytesIO(supplier_xml())
    upload.name = "factura.xml"
    assert admin.post("/compras/importar/", {"archivo": upload})["Location"] == "/compras/importar/revisar/"
    review = admin.get("/compras/importar/revisar/").content.decode()
    assert "Producto desconocido" in review and "Aceite vegetal 1 L" in review and "Nuevo: se registrará" in review
    missing = admin.post("/compras/importar/revisar/", {"crear_2": "", "mapear_2": ""})
    assert missing.status_code == 400 and "Elija o cree el producto" in missing.content.decode()
    response = admin.post("/compras/importar/revisar/", {"crear_2": "ACE01"})
    document = PurchaseDocument.objects.get()
    assert response["Location"] == f"/compras/{document.pk}/" and document.stated_total == D("446.04")
    assert admin.get(f"/compras/{document.pk}/xml/").content.startswith(b"<?xml")


def test_xml_for_another_ruc_or_not_ubl_is_explained(admin, shop):
    foreign = io.BytesIO(supplier_xml(customer_ruc="20100066603"))
    foreign.name = "f.xml"
    html = admin.post("/compras/importar/", {"archivo": foreign}).content.decode()
    assert "está emitido al RUC 20100066603, no al de su empresa" in html
    junk = io.BytesIO(b"%PDF-1.4 no soy un XML")
    junk.name = "f.xml"
    assert "no es un XML legible" in admin.post("/compras/importar/", {"archivo": junk}).content.decode()
    assert not PurchaseDocument.objects.exists()


def test_format_13_1_names_the_supplier_document(admin, supplier, rice, sugar):
    from openpyxl import load_workbook

    admin.post("/compras/nueva/", form(supplier))
    book = load_workbook(io.BytesIO(admin.get("/inventario/kardex.13-1?producto=ARZ01&desde=2026-11-01"
                                              "&hasta=2026-11-30").content))
    rows = list(book.active.iter_rows(values_only=True))
    [purchase] = [r for r in rows if r[0] == "10/11/2026"]
    # fecha, tipo (tabla 10), serie, número, operación (tabla 12), entrada: cantidad, costo unitario, total
    assert purchase[:8] == ("10/11/2026", "01", "F001", "881", "02", 10, 5, 50)
    assert purchase[11:] == (10, 5, 50)
