"""Registering supplier documents: totals worked by hand, stock at cost, duplicates, payables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from yupana.inventory.kardex import kardex
from yupana.inventory.models import StockMovement
from yupana.inventory.selectors import default_warehouse
from yupana.inventory.services import balance
from yupana.purchases.models import PurchaseDocument
from yupana.purchases.selectors import payables_by_supplier
from yupana.purchases.services import PurchaseRefused, document_balance, payment_record, purchase_register

from .factories import purchase_input

DAY = dt.date(2026, 11, 2)


def test_factura_totals_and_stock_at_cost(shop, supplier, rice, sugar):
    # 10 x 5.00 taxed = 50.00 + IGV 9.00; 4 x 2.50 exempt = 10.00; total 69.00
    data = purchase_input(supplier, [(rice, "10", "5.00", "10"), (sugar, "4", "2.50", "20")], stated_total="69.00")
    document = purchase_register(company=shop, user=None, data=data)
    assert (document.gravadas, document.exoneradas, document.igv, document.total) == (
        D("50.00"), D("10.00"), D("9.00"), D("69.00"))
    main = default_warehouse(company=shop)
    # IGV is a tax credit: the cost is the value without IGV
    assert balance(product=rice, warehouse=main) == (D("10"), D("50.00"))
    assert balance(product=sugar, warehouse=main) == (D("4"), D("10.00"))
    rice.refresh_from_db()
    assert rice.cost == D("5.0000")
    movement = StockMovement.objects.get(product=rice)
    assert (movement.kind, movement.source_label) == ("compra", "0970 F001-101")


def test_boleta_cost_includes_igv_and_dollars_are_valued_in_soles(shop, supplier, rice, sugar):
    # Boleta: 2 x 10.00 + IGV 3.60 = 23.60, no tax credit -> 11.80 a unit
    purchase_register(company=shop, user=None, data=purchase_input(
        supplier, [(rice, "2", "10.00", "10")], stated_total="23.60", doc_type="03", series="B001"))
    # Dollars: 3 x US$ 10.00 exempt at 3.750 = S/ 112.50
    purchase_register(company=shop, user=None, data=purchase_input(
        supplier, [(sugar, "3", "10.00", "20")], stated_total="30.00", number=102, currency="USD",
        exchange_rate=D("3.750")))
    main = default_warehouse(company=shop)
    assert balance(product=rice, warehouse=main) == (D("2"), D("23.60"))
    assert balance(product=sugar, warehouse=main) == (D("3"), D("112.50"))


def test_totals_that_disagree_with_the_document_are_refused_and_nothing_is_saved(shop, supplier, rice):
    data = purchase_input(supplier, [(rice, "10", "5.00", "10")], stated_total="60.00")
    with pytest.raises(PurchaseRefused) as exc:
        purchase_register(company=shop, user=None, data=data)
    assert exc.value.field == "total según el documento"
    assert "59.00" in exc.value.message and "60.00" in exc.value.message
    assert not PurchaseDocument.objects.exists() and not StockMovement.objects.exists()
    # A supplier's rounding of a few cents is accepted; the amount owed is what the document says
    doc = purchase_register(company=shop, user=None, data=purchase_input(
        supplier, [(rice, "10", "5.00", "10")], stated_total="59.03", payment_terms="credito",
        due_date=DAY + dt.timedelta(days=30)))
    assert doc.total == D("59.00") and document_balance(doc) == D("59.03")


def test_duplicate_supplier_document_is_refused(shop, supplier, rice):
    data = purchase_input(supplier, [(rice, "1", "5.00", "10")], stated_total="5.90")
    purchase_register(company=shop, user=None, data=data)
    with pytest.raises(PurchaseRefused) as exc:
        purchase_register(company=shop, user=None, data=data)
    assert exc.value.field == "número" and "ya está registrada" in exc.value.message
    assert StockMovement.objects.count() == 1


@pytest.mark.parametrize("quantity, cost, field, words", [
    ("0", "5.00", "línea 1, cantidad", "mayor que cero"),
    ("-2", "5.00", "línea 1, cantidad", "mayor que cero"),
    ("1", "5.00001", "línea 1, valor unitario", "4 decimales"),
    ("1.00001", "5.00", "línea 1, cantidad", "4 decimales"),
    ("1", "-1", "línea 1, valor unitario", "negativo"),
])
def test_bad_lines_name_the_field(shop, supplier, rice, quantity, cost, field, words):
    with pytest.raises(PurchaseRefused) as exc:
        purchase_register(company=shop, user=None, data=purchase_input(
            supplier, [(rice, quantity, cost, "10")], stated_total="5.90"))
    assert exc.value.field == field and words in exc.value.message


def test_credit_note_takes_stock_out_and_reduces_what_is_owed(shop, supplier, rice):
    invoice = purchase_register(company=shop, user=None, data=purchase_input(
        supplier, [(rice, "10", "5.00", "10")], stated_total="59.00", payment_terms="credito",
        due_date=DAY + dt.timedelta(days=30)))
    # 2 units returned: 2 x 5.00 + IGV = 11.80
    purchase_register(company=shop, user=None, data=purchase_input(
        supplier, [(rice, "2", "5.00", "10")], stated_total="11.80", doc_type="07", series="FC01", number=7,
        reference_id=invoice.pk))
    assert balance(product=rice, warehouse=default_warehouse(company=shop)) == (D("8"), D("40.00"))
    assert document_balance(invoice) == D("47.20")
    rows = kardex(company=shop, product=rice, date_from=DAY, date_to=DAY).rows
    assert [(r.kind, r.quantity, r.value) for r in rows] == [("compra", D("10"), D("50.00")),
                                                             ("devolucion_compra", D("-2"), D("-10.00"))]


def test_credit_note_needs_the_document_it_modifies(shop, supplier, rice):
    with pytest.raises(PurchaseRefused) as exc:
        purchase_register(company=shop, user=None, data=purchase_input(
            supplier, [(rice, "2", "5.00", "10")], stated_total="11.80", doc_type="07", series="FC01"))
    assert exc.value.field == "documento que modifica"


def test_payables_full_and_partial_payments(shop, supplier, rice):
    today = dt.date(2026, 12, 10)
    old = purchase_register(company=shop, user=None, data=purchase_input(
        supplier, [(rice, "10", "10.00", "10")], stated_total="118.00", payment_terms="credito",
        due_date=dt.date(2026, 12, 2)))
    new = purchase_register(company=shop, user=None, data=purchase_input(
        supplier, [(rice, "5", "10.00", "10")], stated_total="59.00", number=102, payment_terms="credito",
        due_date=dt.date(2026, 12, 31)))
    payment_record(company=shop, user=None, document_id=old.pk, on=today, amount="50.00")
    [group] = payables_by_supplier(company=shop, today=today)
    assert (group.balance, group.overdue, group.next_due) == (D("127.00"), D("68.00"), dt.date(2026, 12, 31))
    assert [(o.document.pk, o.balance, o.overdue) for o in group.documents] == [(old.pk, D("68.00"), True),
                                                                                (new.pk, D("59.00"), False)]
    with pytest.raises(PurchaseRefused) as exc:
        payment_record(company=shop, user=None, document_id=old.pk, on=today, amount="68.01")
    assert exc.value.field == "monto" and "68.00" in exc.value.message
    payment_record(company=shop, user=None, document_id=old.pk, on=today, amount="68.00")
    [group] = payables_by_supplier(company=shop, today=today)
    assert [o.document.pk for o in group.documents] == [new.pk] and group.overdue == D("0")


def test_credit_purchase_needs_a_due_date(shop, supplier, rice):
    with pytest.raises(PurchaseRefused) as exc:
        purchase_register(company=shop, user=None, data=purchase_input(
            supplier, [(rice, "1", "5.00", "10")], stated_total="5.90", payment_terms="credito"))
    assert exc.value.field == "fecha de vencimiento"


def test_another_companys_supplier_or_product_is_refused(shop, supplier, rice):
    from yupana.inventory.tests.factories import make_product, make_stock_company

    from .factories import make_supplier

    other = make_stock_company(name="Otra S.A.C.")
    foreign_supplier = make_supplier(other)
    foreign_product = make_product(other, code="X1", description="Ajeno")
    with pytest.raises(PurchaseRefused) as exc:
        purchase_register(company=shop, user=None, data=purchase_input(
            foreign_supplier, [(rice, "1", "5.00", "10")], stated_total="5.90"))
    assert exc.value.field == "proveedor"
    with pytest.raises(PurchaseRefused) as exc:
        purchase_register(company=shop, user=None, data=purchase_input(
            supplier, [(foreign_product, "1", "5.00", "10")], stated_total="5.90"))
    assert exc.value.field == "línea 1, producto"
