"""Inventory screens through the test client: stock, kardex and its exports read back, operations."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.db import transaction
from openpyxl import load_workbook

from yupana.companies.testing import login_client, make_user
from yupana.inventory.models import MovementKind, StockMinimum, StockMovement, Warehouse
from yupana.inventory.selectors import default_warehouse
from yupana.inventory.services import balance, movement_post

from .factories import make_product

DAY = dt.date(2026, 11, 3)


@pytest.fixture
def admin(client, shop):
    return login_client(client, make_user(shop, role="administrador", email="admin@bodega.pe"))


@pytest.fixture
def stocked(shop, rice, main):
    with transaction.atomic():
        movement_post(company=shop, product=rice, warehouse=main, on=DAY, kind=MovementKind.PURCHASE,
                      quantity=D("10"), unit_cost=D("4.00"), source_label="0970 F001-1")
        movement_post(company=shop, product=rice, warehouse=main, on=DAY, kind=MovementKind.PURCHASE,
                      quantity=D("10"), unit_cost=D("5.00"), source_label="0970 F001-2")
        movement_post(company=shop, product=rice, warehouse=main, on=DAY + dt.timedelta(days=1),
                      kind=MovementKind.SALE, quantity=D("-5"), source_label="B001-1")
    return rice


def test_stock_list_shows_value_and_flags_negative(admin, shop, stocked, main):
    loose = make_product(shop, code="CAR01", description="Caramelos", stock_control=False, cost="0.20")
    with transaction.atomic():
        movement_post(company=shop, product=loose, warehouse=main, on=DAY, kind=MovementKind.SALE, quantity=D("-3"))
    html = admin.get("/inventario/").content.decode()
    # 20 in for 90.00, 5 out at 4.50 = 22.50 -> 15 worth 67.50; caramels -3 worth -0.60
    assert "S/ 67.50" in html and "4.5000" in html
    assert "S/ 66.90" in html  # total
    assert "Stock negativo" in html


def test_kardex_screen_and_exports_read_back(admin, stocked):
    query = "?producto=ARZ01&desde=2026-11-01&hasta=2026-11-30"
    html = admin.get(f"/inventario/kardex/{query}").content.decode()
    assert "15 u., S/ 67.50" in html and "B001-1" in html
    book = load_workbook(io.BytesIO(admin.get(f"/inventario/kardex.xlsx{query}").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Fecha", "Tipo", "Documento")
    assert rows[3][2] == "B001-1" and rows[3][6] == 5 and rows[3][8] == 22.5 and rows[3][11] == 67.5
    assert admin.get(f"/inventario/kardex.pdf{query}").content.startswith(b"%PDF")
    sunat = load_workbook(io.BytesIO(admin.get(f"/inventario/kardex.13-1{query}").content)).active
    cells = list(sunat.iter_rows(values_only=True))
    assert cells[0][0].startswith("FORMATO 13.1")
    assert ("PERÍODO:", "11/2026") in [c[:2] for c in cells]
    assert ("CÓDIGO DE LA UNIDAD DE MEDIDA (TABLA 6):", "NIU") in [c[:2] for c in cells]  # UN/ECE, as PLE 13.1
    body = cells[13:]
    assert body[0][3] == "SALDO INICIAL"
    assert [r[4] for r in body[1:4]] == ["02", "02", "01"]  # table 12: compra, compra, venta
    assert body[-1][3] == "TOTALES" and body[-1][5] == 20 and body[-1][9] is None and body[-1][13] == 67.5
    stock = load_workbook(io.BytesIO(admin.get("/inventario/stock.xlsx").content)).active
    assert list(stock.iter_rows(values_only=True))[1][:7] == ("ARZ01", "Arroz extra 5 kg", "Almacén principal", "NIU",
                                                               15, 4.5, 67.5)


def test_adjustment_transfer_and_count_through_the_screens(admin, shop, stocked, main):
    branch = Warehouse.objects.create(company=shop, name="Tienda Surco")
    response = admin.post("/inventario/operaciones/ajuste/", {"almacen": main.pk, "motivo": "robo", "fecha": "2026-11-05",
                                                             "codigo_0": "ARZ01", "cantidad_0": "-1"})
    assert response.status_code == 302
    assert balance(product=stocked, warehouse=main) == (D("14"), D("63.00"))
    same = admin.post("/inventario/operaciones/transferencia/", {"almacen": main.pk, "destino": main.pk,
                                                                 "codigo_0": "ARZ01", "cantidad_0": "2"})
    assert same.status_code == 400 and "distinto del de origen" in same.content.decode()
    admin.post("/inventario/operaciones/transferencia/", {"almacen": main.pk, "destino": branch.pk,
                                                         "fecha": "2026-11-05", "codigo_0": "ARZ01", "cantidad_0": "4"})
    assert balance(product=stocked, warehouse=branch) == (D("4"), D("18.00"))
    proposal = admin.post("/inventario/operaciones/conteo/", {"almacen": main.pk, "codigo_0": "ARZ01", "cantidad_0": "9"})
    assert "Ajustes propuestos" in proposal.content.decode() and StockMovement.objects.filter(reason="conteo").count() == 0
    admin.post("/inventario/operaciones/conteo/", {"almacen": main.pk, "codigo_0": "ARZ01", "cantidad_0": "9",
                                                   "confirmar": "1", "fecha": "2026-11-05"})
    assert balance(product=stocked, warehouse=main) == (D("9"), D("40.50"))
    bad = admin.post("/inventario/operaciones/ajuste/", {"almacen": main.pk, "motivo": "merma",
                                                         "codigo_0": "ARZ01", "cantidad_0": "1.23456"})
    assert bad.status_code == 400 and "Línea 1, cantidad: La cantidad admite como máximo 4 decimales." in bad.content.decode()


def test_opening_inventory_from_a_spreadsheet(admin, shop, main):
    make_product(shop, code="ARZ01", description="Arroz")
    make_product(shop, code="AZU01", description="Azúcar")
    csv = "Código;Cantidad;Costo unitario\nARZ01;12;4,50\nAZU01;3;2.10\n".replace("4,50", "4.50").encode("utf-8")
    upload = io.BytesIO(csv)
    upload.name = "inicial.csv"
    response = admin.post("/inventario/operaciones/inicial/", {"almacen": main.pk, "fecha": "2026-11-01", "archivo": upload})
    assert response.status_code == 302
    assert sorted(StockMovement.objects.filter(kind="inicial").values_list("quantity", "value")) == [
        (D("3"), D("6.30")), (D("12"), D("54.00"))]
    bad = io.BytesIO("codigo,cantidad,costo\nNOEXISTE,1,1\n".encode())
    bad.name = "malo.csv"
    response = admin.post("/inventario/operaciones/inicial/", {"almacen": main.pk, "archivo": bad})
    assert response.status_code == 400 and "Fila 2, código" in response.content.decode()


def test_low_stock_panel_and_minimums(admin, shop, stocked):
    assert "Stock bajo" not in admin.get("/inventario/panel/").content.decode()
    admin.post("/inventario/minimos/", {"codigo": "ARZ01", "minimo": "20"})
    assert StockMinimum.objects.get(product=stocked).minimum == D("20")
    html = admin.get("/inventario/panel/").content.decode()
    assert "Stock bajo el mínimo" in html and "hay 15, mínimo 20" in html


def test_accountant_reads_but_cannot_operate(client, shop, stocked, main):
    login_client(client, make_user(shop, role="contador", email="conta@bodega.pe"))
    assert client.get("/inventario/kardex/?producto=ARZ01").status_code == 200
    response = client.post("/inventario/operaciones/ajuste/", {"almacen": main.pk, "motivo": "robo",
                                                               "codigo_0": "ARZ01", "cantidad_0": "-1"})
    assert response.status_code == 403
    assert StockMovement.objects.filter(kind="ajuste").count() == 0


def test_reverse_a_wrong_adjustment_from_the_kardex(admin, shop, stocked, main):
    admin.post("/inventario/operaciones/ajuste/", {"almacen": main.pk, "motivo": "otro", "fecha": "2026-11-05",
                                                   "codigo_0": "ARZ01", "cantidad_0": "-2"})
    wrong = StockMovement.objects.get(kind="ajuste")
    admin.post(f"/inventario/movimientos/{wrong.pk}/revertir/")
    assert balance(product=stocked, warehouse=default_warehouse(company=shop)) == (D("15"), D("67.50"))
    assert StockMovement.objects.filter(reverses=wrong).exists()
