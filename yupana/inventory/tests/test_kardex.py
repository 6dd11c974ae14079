"""Weighted average cost, the kardex and the operations, with figures worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import transaction

from yupana.inventory.kardex import kardex
from yupana.inventory.models import AdjustmentReason, MovementKind, StockMovement
from yupana.inventory.operations import (Item, adjustment_record, count_apply, count_propose, opening_record,
                                         transfer_record)
from yupana.inventory.selectors import stock_report
from yupana.inventory.services import (InventoryError, average_cost, balance, movement_post, movement_reverse,
                                       stock_movements_record)

from .factories import make_product

DAY = dt.date(2026, 3, 2)


def post(shop, product, warehouse, quantity, cost=None, *, kind=MovementKind.PURCHASE, on=DAY):
    with transaction.atomic():
        return movement_post(company=shop, product=product, warehouse=warehouse, on=on, kind=kind,
                             quantity=D(quantity), unit_cost=None if cost is None else D(cost))


def test_weighted_average_through_purchases_and_sales(shop, rice, main):
    # 10 units at 5.00, then 20 at 6.50: (50.00 + 130.00) / 30 = 6.0000
    opening_record(company=shop, warehouse=main, on=DAY, items=[Item(rice, D("10"), D("5.00"))])
    post(shop, rice, main, "20", "6.50")
    assert balance(product=rice, warehouse=main) == (D("30"), D("180.00"))
    assert average_cost(product=rice, warehouse=main) == D("6.0000")
    # A sale of 12 leaves at the average: 12 x 6 = 72.00 -> 18 units worth 108.00
    with transaction.atomic():
        [sale] = stock_movements_record(company=shop, on=DAY, kind=MovementKind.SALE, items=[(rice, D("12"))],
                                        sign=-1, source_model="sales.saledocument", source_id=1,
                                        source_label="B001-1")
    assert (sale.unit_cost, sale.value) == (D("6.0000"), D("-72.00"))
    # 2 more at 7.30: 108.00 + 14.60 = 122.60 over 20 units = 6.13
    post(shop, rice, main, "2", "7.30", on=DAY + dt.timedelta(days=1))
    assert average_cost(product=rice, warehouse=main) == D("6.1300")
    # Selling all 20 takes the whole value: nothing left in units or soles
    post(shop, rice, main, "-20", kind=MovementKind.SALE, on=DAY + dt.timedelta(days=2))
    assert balance(product=rice, warehouse=main) == (D("0"), D("0.00"))


def test_an_exit_that_empties_stock_leaves_no_cents_behind(shop, rice, main):
    # 3 at 1.00 + 3 at 1.01 = 6.03 for 6 units: average 1.005
    post(shop, rice, main, "3", "1.00")
    post(shop, rice, main, "3", "1.01")
    one = post(shop, rice, main, "-1", kind=MovementKind.SALE)
    assert (one.unit_cost, one.value) == (D("1.0050"), D("-1.01"))  # 1.005 rounds half up
    rest = post(shop, rice, main, "-5", kind=MovementKind.SALE)
    assert rest.value == D("-5.02")  # 6.03 - 1.01, not 5 x 1.004
    assert balance(product=rice, warehouse=main) == (D("0"), D("0.00"))


def test_kardex_opening_balance_running_balance_and_totals(shop, rice, main):
    post(shop, rice, main, "10", "4.00", kind=MovementKind.OPENING, on=dt.date(2026, 1, 15))
    post(shop, rice, main, "5", "5.20", on=dt.date(2026, 2, 3))       # 15 units, 66.00
    post(shop, rice, main, "-6", kind=MovementKind.SALE, on=dt.date(2026, 2, 10))  # avg 4.40 -> -26.40
    post(shop, rice, main, "1", kind=MovementKind.SALE_RETURN, on=dt.date(2026, 2, 11))  # back at 4.40
    post(shop, rice, main, "-1", kind=MovementKind.SALE, on=dt.date(2026, 3, 1))  # outside the period
    report = kardex(company=shop, product=rice, date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    assert (report.opening_quantity, report.opening_value) == (D("10"), D("40.00"))
    assert [(r.kind, r.quantity, r.value, r.balance_quantity, r.balance_value, r.balance_cost) for r in report.rows] == [
        ("compra", D("5"), D("26.00"), D("15"), D("66.00"), D("4.4000")),
        ("venta", D("-6"), D("-26.40"), D("9"), D("39.60"), D("4.4000")),
        ("devolucion_venta", D("1"), D("4.40"), D("10"), D("44.00"), D("4.4000")),
    ]
    assert (report.in_quantity, report.in_value, report.out_quantity, report.out_value) == (
        D("6"), D("30.40"), D("6"), D("26.40"))
    assert (report.closing_quantity, report.closing_value, report.closing_cost) == (D("10"), D("44.00"), D("4.4000"))


def test_transfer_moves_units_and_value_and_refuses_same_warehouse(shop, rice, main, branch):
    post(shop, rice, main, "10", "2.50")
    transfer_record(company=shop, source=main, target=branch, on=DAY, items=[Item(rice, D("4"))])
    assert balance(product=rice, warehouse=main) == (D("6"), D("15.00"))
    assert balance(product=rice, warehouse=branch) == (D("4"), D("10.00"))
    with pytest.raises(InventoryError) as exc:
        transfer_record(company=shop, source=main, target=main, on=DAY, items=[Item(rice, D("1"))])
    assert exc.value.field == "almacén de destino"
    assert "distinto" in exc.value.message
    # Both warehouses together: transfers cancel out
    report = kardex(company=shop, product=rice, date_from=DAY, date_to=DAY)
    assert report.closing_quantity == D("10") and report.closing_value == D("25.00")
    by_warehouse = {(r.warehouse, r.quantity, r.value) for r in stock_report(company=shop).rows}
    assert by_warehouse == {("Almacén principal", D("6"), D("15.00")), ("Tienda Surco", D("4"), D("10.00"))}


def test_physical_count_proposes_and_applies_adjustments(shop, rice, main):
    sugar = make_product(shop, code="AZU01", description="Azúcar rubia 1 kg")
    post(shop, rice, main, "6", "2.50")
    post(shop, sugar, main, "3", "4.00")
    lines = count_propose(company=shop, warehouse=main, counted={rice: D("5"), sugar: D("3")})
    assert [(l.product.code, l.on_hand, l.counted, l.difference) for l in lines] == [("ARZ01", D("6"), D("5"), D("-1"))]
    [movement] = count_apply(company=shop, warehouse=main, on=DAY, lines=lines)
    assert (movement.kind, movement.reason, movement.value) == ("ajuste", "conteo", D("-2.50"))
    assert balance(product=rice, warehouse=main) == (D("5"), D("12.50"))


def test_adjustment_needs_a_reason_and_sane_quantities(shop, rice, main):
    post(shop, rice, main, "4", "3.00")
    adjustment_record(company=shop, warehouse=main, on=DAY, reason=AdjustmentReason.THEFT, items=[Item(rice, D("-1"))])
    assert balance(product=rice, warehouse=main) == (D("3"), D("9.00"))
    with pytest.raises(InventoryError, match="motivo"):
        adjustment_record(company=shop, warehouse=main, on=DAY, reason="", items=[Item(rice, D("-1"))])
    with pytest.raises(InventoryError) as exc:
        adjustment_record(company=shop, warehouse=main, on=DAY, reason="merma", items=[Item(rice, D("0"))])
    assert exc.value.field == "línea 1, cantidad" and "mayor que cero" in exc.value.message
    with pytest.raises(InventoryError) as exc:
        opening_record(company=shop, warehouse=main, on=DAY, items=[Item(rice, D("-2"), D("1"))])
    assert "mayor que cero" in exc.value.message
    with pytest.raises(InventoryError) as exc:
        opening_record(company=shop, warehouse=main, on=DAY, items=[Item(rice, D("2"), D("1.23456"))])
    assert exc.value.field == "línea 1, costo unitario" and "4 decimales" in exc.value.message
    assert StockMovement.objects.filter(company=shop).count() == 2  # nothing half-saved


def test_movements_are_reversed_not_edited(shop, rice, main):
    wrong = post(shop, rice, main, "7", "3.10")
    reversal = movement_reverse(company=shop, movement=wrong)
    assert (reversal.quantity, reversal.value, reversal.reverses_id) == (D("-7"), D("-21.70"), wrong.pk)
    assert balance(product=rice, warehouse=main) == (D("0"), D("0.00"))
    with pytest.raises(InventoryError, match="ya fue revertido"):
        movement_reverse(company=shop, movement=wrong)
    with pytest.raises(InventoryError, match="ya fue revertido"):
        movement_reverse(company=shop, movement=reversal)


def test_negative_stock_without_control_is_flagged(shop, main):
    loose = make_product(shop, code="CAR01", description="Caramelos", stock_control=False, cost="0.20")
    post(shop, loose, main, "-5", kind=MovementKind.SALE)
    report = stock_report(company=shop)
    assert report.negatives == 1
    assert report.rows[0].quantity == D("-5") and report.rows[0].value == D("-1.00")


def test_another_companys_product_or_warehouse_is_refused(shop, rice, main):
    from .factories import make_stock_company

    other = make_stock_company(name="Otra S.A.C.")
    foreign = make_product(other, code="X1", description="Ajeno")
    with pytest.raises(InventoryError):
        opening_record(company=shop, warehouse=main, on=DAY, items=[Item(foreign, D("1"), D("1"))])


def test_balances_always_equal_the_ledger_and_the_kardex_pages(shop, rice, main, branch):
    from yupana.inventory.services import balances_rebuild, balances_verify

    opening_record(company=shop, warehouse=main, on=DAY, items=[Item(rice, D("30"), D("2.00"))])
    for day in range(1, 11):
        post(shop, rice, main, "-1", kind=MovementKind.SALE, on=DAY + dt.timedelta(days=day))
    transfer_record(company=shop, source=main, target=branch, on=DAY, items=[Item(rice, D("5"))])
    movement_reverse(company=shop, movement=StockMovement.objects.filter(kind="venta").first())
    assert balances_verify(company=shop) == []
    # 1 opening + 10 sales + 2 transfer legs + 1 reversal, in pages of 5: the running balance carries over
    whole = kardex(company=shop, product=rice, date_from=DAY, date_to=DAY + dt.timedelta(days=30))
    page = kardex(company=shop, product=rice, date_from=DAY, date_to=DAY + dt.timedelta(days=30), offset=5, limit=5)
    assert whole.count == page.count == 14 and page.truncated and not whole.truncated
    assert [(r.id, r.balance_quantity, r.balance_value) for r in page.rows] == [
        (r.id, r.balance_quantity, r.balance_value) for r in whole.rows[5:10]]
    assert (whole.closing_quantity, whole.closing_value) == (D("21"), D("42.00"))
    assert balances_rebuild(company=shop) == 2 and balances_verify(company=shop) == []


def test_exits_of_controlled_products_cannot_take_more_than_the_warehouse_holds(shop, rice, main, branch):
    from yupana.inventory.services import stock_check

    post(shop, rice, main, "3", "2.00")
    with pytest.raises(InventoryError) as exc:
        transfer_record(company=shop, source=main, target=branch, on=DAY, items=[Item(rice, D("4"))])
    assert "No hay stock suficiente de «Arroz extra 5 kg» en Almacén principal: hay 3" in exc.value.message
    with pytest.raises(InventoryError):
        adjustment_record(company=shop, warehouse=main, on=DAY, reason="robo", items=[Item(rice, D("-5"))])
    transfer_record(company=shop, source=main, target=branch, on=DAY, items=[Item(rice, D("3"))])
    # A sale takes from the default warehouse: units in the branch cannot be sold from it
    with transaction.atomic():
        [shortage] = stock_check(company=shop, items=[(rice, D("1"))])
    assert shortage.on_hand == 0
    with transaction.atomic():
        assert stock_check(company=shop, items=[(rice, D("3"))], warehouse=branch) == []


def test_format_13_1_writes_sunat_table_codes(shop, rice, main, branch):
    """Table 12, 10, 5 and 6 codes as an accountant imports them (anexo 3 of R.S. 286-2009/SUNAT, PLE tables)."""
    import io

    from openpyxl import load_workbook

    from yupana.inventory.exports import format_13_1
    from yupana.inventory.services import stock_void_restore

    kg = make_product(shop, code="AZU02", description="Azúcar a granel", unit_code="KGM")
    opening_record(company=shop, warehouse=main, on=DAY, items=[Item(rice, D("30"), D("2.00"))])
    post(shop, rice, main, "10", "2.00")
    with transaction.atomic():
        stock_movements_record(company=shop, on=DAY, kind=MovementKind.SALE, items=[(rice, D("3"))], sign=-1,
                               source_model="sales.saledocument", source_id=987654, source_label="F001-1")
        stock_movements_record(company=shop, on=DAY, kind=MovementKind.SALE_RETURN, items=[(rice, D("1"))],
                               sign=1, source_model="sales.saledocument", source_id=987655, source_label="FC01-1")

    class Voided:  # a voided sale: what stock_void_restore reads of the document
        pk, company_id, company = 987654, shop.pk, shop

    stock_void_restore(document=Voided)
    post(shop, rice, main, "-2", kind=MovementKind.PURCHASE_RETURN)
    transfer_record(company=shop, source=main, target=branch, on=DAY, items=[Item(rice, D("4"))])
    for reason in (AdjustmentReason.SHRINKAGE, AdjustmentReason.DAMAGE, AdjustmentReason.COUNT,
                   AdjustmentReason.OWN_USE, AdjustmentReason.THEFT, AdjustmentReason.OTHER):
        adjustment_record(company=shop, warehouse=main, on=DAY, reason=reason, items=[Item(rice, D("-1"))])

    report = kardex(company=shop, product=rice, date_from=DAY, date_to=DAY)
    cells = list(load_workbook(io.BytesIO(format_13_1(report, shop, "03/2026"))).active.iter_rows(values_only=True))
    head = {c[0]: c[1] for c in cells[:10]}
    assert head["TIPO (TABLA 5):"] == "01 - MERCADERÍAS"
    # table 6 is UN/ECE Rec. 20 (PLE 13.1 field 16: up to 3 characters), not the old 01-15 numbers ("07")
    assert head["CÓDIGO DE LA UNIDAD DE MEDIDA (TABLA 6):"] == "NIU"
    body = cells[13:-1]
    assert (body[0][1], body[0][3], body[0][4]) == ("00", "SALDO INICIAL", "16")
    operations = [(r[4], r[1]) for r in body[1:]]  # (table 12, table 10)
    assert operations == [
        ("16", "00"),   # saldo inicial (opening spreadsheet)
        ("02", "00"),   # compra (no purchase document behind this one)
        ("01", "00"),   # venta
        ("05", "00"),   # devolución recibida (sale return)
        ("05", "00"),   # voided sale given back
        ("06", "00"),   # devolución entregada (purchase return)
        ("11", "00"),   # salida por transferencia entre almacenes
        ("21", "00"),   # entrada por transferencia entre almacenes
        ("13", "00"),   # mermas
        ("14", "00"),   # desmedros
        ("28", "00"),   # ajuste por diferencia de inventario
        ("12", "00"),   # retiro (consumo interno)
        ("99", "00"),   # robo o pérdida: otros
        ("99", "00"),   # otro: otros
    ]
    kg_report = kardex(company=shop, product=kg, date_from=DAY, date_to=DAY)
    kg_cells = load_workbook(io.BytesIO(format_13_1(kg_report, shop, "03/2026"))).active.iter_rows(values_only=True)
    assert ("CÓDIGO DE LA UNIDAD DE MEDIDA (TABLA 6):", "KGM") in [c[:2] for c in kg_cells]
