"""Statement balances, aging buckets and the credit rules at sale time, against hand-worked figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yupana.companies.models import Policy
from yupana.receivables.selectors import aging_report, customer_credit_status, dashboard_figures, settings_for
from yupana.receivables.services import payment_record, payment_reverse
from yupana.receivables.statements import customer_statement
from yupana.sales.services import SaleRefused

from .factories import credit_note, credit_sale, make_buyer

D = Decimal


def pay(issuer, buyer, amount, on):
    return payment_record(company=issuer, user=None, customer=buyer, date=on, amount=D(amount), method="deposito",
                          today=dt.date(2026, 12, 31))


def test_statement_balances(issuer, buyer):
    # Given A 1,000.00 (01/09, cuotas 500 due 01/10 and 500 due 31/10), B 300.00 (15/09, due 15/10),
    # a 400.00 payment on 20/09, a 50.00 credit note on B on 05/10 and a 700.00 payment on 20/10
    a = credit_sale(issuer, buyer, total="1000.00", issued=dt.date(2026, 9, 1),
                    cuotas=[("500.00", dt.date(2026, 10, 1)), ("500.00", dt.date(2026, 10, 31))])
    b = credit_sale(issuer, buyer, total="300.00", issued=dt.date(2026, 9, 15),
                    cuotas=[("300.00", dt.date(2026, 10, 15))])
    pay(issuer, buyer, "400.00", dt.date(2026, 9, 20))
    credit_note(issuer, b, total="50.00", issued=dt.date(2026, 10, 5))
    pay(issuer, buyer, "700.00", dt.date(2026, 10, 20))
    # When October's statement is asked for on 10/11
    with CaptureQueriesContext(connection) as queries:
        s = customer_statement(company=issuer, customer=buyer, date_from=dt.date(2026, 10, 1),
                               date_to=dt.date(2026, 10, 31), today=dt.date(2026, 11, 10))
    assert len(queries) <= 12  # four sums (plus their dollar rows), three movement lists, the overdue cuotas
    # Then opening = 1,000 + 300 - 400 = 900.00; -50.00 -> 850.00; -700.00 -> 150.00
    assert s.opening == D("900.00")
    assert [(line.label, line.reference, line.debit, line.credit, line.balance) for line in s.lines] == [
        ("Nota de crédito", "FC01-1", D("0"), D("50.00"), D("850.00")),
        ("Pago", "Recibo 000002", D("0"), D("700.00"), D("150.00")),
    ]
    assert s.closing == D("150.00")
    # A2 (500, due 31/10) got 350.00 of the second payment: 150.00 overdue for 10 days
    assert [(o.document_id, o.position, o.days, o.balance) for o in s.overdue] == [("F001-1", 2, 10, D("150.00"))]
    assert a.receivables.get(position=2).balance == D("150.00")
    # The whole history from the start ends at the same balance
    full = customer_statement(company=issuer, customer=buyer, date_from=dt.date(2026, 1, 1),
                              date_to=dt.date(2026, 12, 31), today=dt.date(2026, 11, 10))
    assert full.opening == D("0") and full.total_debit == D("1300.00") and full.total_credit == D("1150.00")


def test_reversed_payment_shows_twice_and_nets_to_zero(issuer, buyer):
    credit_sale(issuer, buyer, total="300.00", issued=dt.date(2026, 9, 15))
    payment = pay(issuer, buyer, "100.00", dt.date(2026, 9, 20))
    payment = payment_reverse(company=issuer, user=None, payment=payment, reason="Cheque sin fondos")
    s = customer_statement(company=issuer, customer=buyer, date_from=dt.date(2026, 9, 1),
                           date_to=dt.date(2026, 12, 31), today=dt.date(2026, 11, 10))
    assert [(line.kind, line.debit, line.credit) for line in s.lines] == [
        ("documento", D("300.00"), D("0")), ("pago", D("0"), D("100.00")), ("anulacion", D("100.00"), D("0"))]
    assert s.closing == D("300.00")
    # A range that starts after the payment: it is in the opening balance, its reversal in the range
    reversed_on = payment.reversed_at.astimezone(dt.timezone(dt.timedelta(hours=-5))).date()
    later = customer_statement(company=issuer, customer=buyer, date_from=dt.date(2026, 10, 1),
                               date_to=dt.date(2026, 12, 31), today=dt.date(2026, 11, 10))
    assert later.opening == D("200.00")
    assert [(line.date, line.kind, line.debit) for line in later.lines] == [(reversed_on, "anulacion", D("100.00"))]
    assert later.closing == D("300.00")


@pytest.fixture
def aged(issuer, buyer):
    # Six cuotas of one factura issued 01/09/2026, judged on 31/12/2026
    return credit_sale(issuer, buyer, total="2100.00", issued=dt.date(2026, 9, 1), cuotas=[
        ("100.00", dt.date(2026, 10, 1)),   # 91 days overdue -> over 90
        ("200.00", dt.date(2026, 10, 2)),   # 90 -> 61-90
        ("300.00", dt.date(2026, 11, 30)),  # 31 -> 31-60
        ("400.00", dt.date(2026, 12, 1)),   # 30 -> 1-30
        ("500.00", dt.date(2026, 12, 31)),  # due today -> not due yet
        ("600.00", dt.date(2027, 1, 10)),   # not due
    ])


def test_aging_buckets_on_a_fixed_date(issuer, buyer, aged):
    other = make_buyer(issuer, ruc="20100070970", name="Almacenes Lima S.A.")
    credit_sale(issuer, other, total="80.00", issued=dt.date(2026, 12, 1), cuotas=[("80.00", dt.date(2026, 12, 20))])
    with CaptureQueriesContext(connection) as queries:
        aging = aging_report(company=issuer, as_of=dt.date(2026, 12, 31))
    assert len(queries) == 2
    rows = {r.name: (r.not_due, r.d30, r.d60, r.d90, r.over90, r.total) for r in aging.rows}
    assert rows == {
        "Distribuidora Sur S.A.C.": (D("1100.00"), D("400.00"), D("300.00"), D("200.00"), D("100.00"), D("2100.00")),
        "Almacenes Lima S.A.": (D("0.00"), D("80.00"), D("0.00"), D("0.00"), D("0.00"), D("80.00")),
    }
    t = aging.totals
    assert (t.not_due, t.d30, t.d60, t.d90, t.over90, t.total) == (
        D("1100.00"), D("480.00"), D("300.00"), D("200.00"), D("100.00"), D("2180.00"))
    # A day later: 100 + 200 are over 90 days, 300 (32 days) + 400 (31) in 31-60, 500 (1 day) in 1-30
    later = aging_report(company=issuer, as_of=dt.date(2027, 1, 1)).rows[1]
    assert (later.not_due, later.d30, later.d60, later.d90, later.over90) == (
        D("600.00"), D("500.00"), D("700.00"), D("0.00"), D("300.00"))


def test_dashboard(issuer, buyer, aged):
    pay(issuer, buyer, "150.00", dt.date(2026, 12, 5))
    d = dashboard_figures(company=issuer, today=dt.date(2026, 12, 31))
    # 2,100.00 - 150.00 (100.00 closes cuota 1, 50.00 on cuota 2); overdue 150 + 300 + 400
    assert (d.total, d.overdue, d.collected_month) == (D("1950.00"), D("850.00"), D("150.00"))
    assert d.top_debtors == [(buyer.pk, "Distribuidora Sur S.A.C.", D("1950.00"))]


def test_credit_limit_counts_what_is_still_owed(issuer):
    buyer = make_buyer(issuer, limit="1000.00")
    credit_sale(issuer, buyer, total="800.00", issued=dt.date(2026, 11, 1))
    # 800.00 used + 300.00 > 1,000.00: blocked (company policy)
    with pytest.raises(SaleRefused, match="límite de crédito del cliente: límite S/ 1,000.00, usado S/ 800.00"):
        credit_sale(issuer, buyer, total="300.00", issued=dt.date(2026, 11, 2))
    # After a 500.00 payment only 300.00 is used: the same sale goes through
    pay(issuer, buyer, "500.00", dt.date(2026, 11, 2))
    credit_sale(issuer, buyer, total="300.00", issued=dt.date(2026, 11, 2))
    status = customer_credit_status(issuer, buyer, today=dt.date(2026, 11, 3))
    assert (status.limit, status.used, status.available, status.days) == (D("1000.00"), D("600.00"), D("400.00"), 30)


def test_overdue_cuotas_warn_or_block_at_sale_time(issuer):
    buyer = make_buyer(issuer, limit="9000.00")
    credit_sale(issuer, buyer, total="120.00", issued=dt.date(2026, 8, 1), cuotas=[("120.00", dt.date(2026, 8, 31))])
    # Default: warn and sell
    document = credit_sale(issuer, buyer, total="50.00", issued=dt.date(2026, 10, 1))
    assert document.warnings == ["El cliente tiene 1 cuota vencida por S/ 120.00 (la más antigua venció el 31/08/2026)."]
    config = settings_for(issuer)
    config.overdue_policy = Policy.BLOCK
    config.save()
    with pytest.raises(SaleRefused, match="1 cuota vencida por S/ 120.00"):
        credit_sale(issuer, buyer, total="50.00", issued=dt.date(2026, 10, 2))
    # Paying the overdue cuota lifts the block
    pay(issuer, buyer, "120.00", dt.date(2026, 10, 2))
    assert credit_sale(issuer, buyer, total="50.00", issued=dt.date(2026, 10, 2)).warnings == []
    status = customer_credit_status(issuer, buyer, today=dt.date(2026, 12, 31))
    assert (status.overdue, status.overdue_count) == (D("100.00"), 2)
