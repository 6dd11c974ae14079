"""Payments: oldest first, chosen, partial, over; reversals; credit notes; bad input leaves nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yupana.receivables.models import Payment, PaymentApplication, Receivable
from yupana.receivables.selectors import customer_credit_status
from yupana.receivables.services import (Allocation, PaymentRefused, balance_in_favour, payment_apply_balance,
                                         payment_record, payment_reverse)

from .factories import cash_sale, credit_note, credit_sale, make_buyer

D = Decimal
TODAY = dt.date(2026, 11, 10)


def pay(issuer, buyer, amount, *, on=dt.date(2026, 10, 20), **extra):
    extra.setdefault("method", "transferencia")
    return payment_record(company=issuer, user=None, customer=buyer, date=on, amount=D(amount), today=TODAY, **extra)


def balances(document):
    return [r.balance for r in Receivable.objects.filter(document=document).order_by("position")]


@pytest.fixture
def two_sales(issuer, buyer):
    # Given A: S/ 1,000.00 in two cuotas (due 01/10 and 31/10) and B: S/ 300.00 due 15/10
    a = credit_sale(issuer, buyer, total="1000.00", issued=dt.date(2026, 9, 1),
                    cuotas=[("500.00", dt.date(2026, 10, 1)), ("500.00", dt.date(2026, 10, 31))])
    b = credit_sale(issuer, buyer, total="300.00", issued=dt.date(2026, 9, 15),
                    cuotas=[("300.00", dt.date(2026, 10, 15))])
    return a, b


def test_credit_sale_opens_one_receivable_per_cuota_and_cash_sale_none(issuer, buyer, two_sales):
    a, b = two_sales
    cash_sale(issuer, buyer, total="99.00", issued=dt.date(2026, 9, 2))
    rows = Receivable.objects.filter(customer=buyer).order_by("due_date")
    assert [(r.document_id, r.position, r.due_date, r.balance) for r in rows] == [
        (a.pk, 1, dt.date(2026, 10, 1), D("500.00")), (b.pk, 1, dt.date(2026, 10, 15), D("300.00")),
        (a.pk, 2, dt.date(2026, 10, 31), D("500.00"))]


def test_oldest_first_partial(issuer, buyer, two_sales):
    a, b = two_sales
    # When S/ 700.00 is paid with no choice
    payment = pay(issuer, buyer, "700.00", reference="OP-1")
    # Then A1 (due 01/10) is closed and B (due 15/10) gets 200.00 of its 300.00; A2 is untouched
    assert balances(a) == [D("0.00"), D("500.00")]
    assert balances(b) == [D("100.00")]
    assert payment.unapplied == D("0.00") and payment.number == 1
    assert "cuota 1 (S/ 500.00)" in payment.summary
    assert customer_credit_status(issuer, buyer, today=TODAY).used == D("600.00")


def test_chosen_cuotas_with_amounts(issuer, buyer, two_sales):
    a, b = two_sales
    a2 = Receivable.objects.get(document=a, position=2)
    b1 = Receivable.objects.get(document=b)
    # When S/ 250.00 goes 150.00 to A2 and the rest to B
    payment = pay(issuer, buyer, "250.00", allocations=[Allocation(a2.pk, D("150.00")), Allocation(b1.pk)])
    assert balances(a) == [D("500.00"), D("350.00")]
    assert balances(b) == [D("200.00")]
    assert list(payment.applications.values_list("amount", flat=True)) == [D("150.00"), D("100.00")]


def test_overpayment_is_kept_as_balance_in_favour(issuer, buyer, two_sales):
    a, b = two_sales
    payment = pay(issuer, buyer, "2000.00", method="efectivo")
    # 1,300.00 owed: everything is closed and 700.00 stays in favour of the customer
    assert balances(a) + balances(b) == [D("0.00")] * 3
    assert payment.unapplied == D("700.00")
    assert "S/ 700.00 quedan como saldo a favor del cliente" in payment.summary
    assert balance_in_favour(company=issuer, customer=buyer) == D("700.00")
    # A later sale can take it
    c = credit_sale(issuer, buyer, total="236.00", issued=dt.date(2026, 10, 25))
    payment_apply_balance(company=issuer, user=None, payment=payment, today=TODAY)
    assert balances(c) == [D("0.00")]
    payment.refresh_from_db()
    assert payment.unapplied == D("464.00")


def test_reversal_reopens_cuotas_and_keeps_the_reason(issuer, buyer, two_sales):
    a, b = two_sales
    first = pay(issuer, buyer, "700.00")
    second = pay(issuer, buyer, "100.00")
    assert balances(b) == [D("0.00")]
    with pytest.raises(PaymentRefused, match="motivo"):
        payment_reverse(company=issuer, user=None, payment=first, reason="")
    reversed_ = payment_reverse(company=issuer, user=None, payment=first, reason="Cheque devuelto por el banco")
    assert reversed_.reversal_reason == "Cheque devuelto por el banco"
    # Only the second payment's 100.00 stays, on B
    assert balances(a) == [D("500.00"), D("500.00")]
    assert balances(b) == [D("200.00")]
    with pytest.raises(PaymentRefused, match="ya fue anulado"):
        payment_reverse(company=issuer, user=None, payment=first, reason="otra vez por error")
    assert second.number == 2


def test_credit_note_reduces_the_last_cuota_and_an_excess_is_in_favour(issuer, buyer, two_sales):
    a, b = two_sales
    credit_note(issuer, a, total="118.00", issued=dt.date(2026, 9, 10))
    assert balances(a) == [D("500.00"), D("382.00")]
    pay(issuer, buyer, "300.00")  # oldest first: A1 gets 300.00
    pay(issuer, buyer, "300.00")  # A1 200.00, B 100.00
    paid_b = credit_note(issuer, b, total="236.00", issued=dt.date(2026, 10, 25))
    # B had 200.00 open: the note closes it and 36.00 remain in favour
    assert balances(b) == [D("0.00")]
    assert balance_in_favour(company=issuer, customer=buyer) == D("36.00")
    assert paid_b.receivable_credits.count() == 2


def test_dollar_sale_paid_in_soles_with_exchange_rate(issuer, buyer):
    sale = credit_sale(issuer, buyer, total="100.00", issued=dt.date(2026, 9, 1), currency="USD",
                       exchange_rate=D("3.750"))
    assert customer_credit_status(issuer, buyer, today=TODAY).used == D("375.00")
    with pytest.raises(PaymentRefused, match="tipo de cambio") as refused:
        pay(issuer, buyer, "187.50")
    assert refused.value.field == "exchange_rate"
    pay(issuer, buyer, "187.50", exchange_rate=D("3.75"))
    assert balances(sale) == [D("50.00")]
    with pytest.raises(PaymentRefused, match="pago es en dólares"):
        pay(issuer, buyer, "10.00", currency="USD")


def test_bad_input_is_refused_and_nothing_is_saved(issuer, buyer, two_sales):
    a, b = two_sales
    b1 = Receivable.objects.get(document=b)
    cases = [
        (dict(amount="0"), "mayor que cero"),
        (dict(amount="10.00", on=dt.date(2026, 8, 1)), "anterior a los comprobantes pendientes"),
        (dict(amount="10.00", on=dt.date(2026, 9, 10), allocations=[Allocation(b1.pk)]), "anterior al comprobante"),
        (dict(amount="10.00", on=dt.date(2026, 12, 1)), "posterior a hoy"),
        (dict(amount="500.00", allocations=[Allocation(b1.pk, D("400.00"))]), "supera su saldo"),
        (dict(amount="50.00", allocations=[Allocation(b1.pk, D("10")), Allocation(b1.pk, D("10"))]), "dos veces"),
        (dict(amount="50.00", allocations=[Allocation(b1.pk, D("60.00"))]), "supera el importe del pago"),
        (dict(amount="50.00", method="bitcoin"), "Medio de pago inválido"),
    ]
    for extra, message in cases:
        amount = extra.pop("amount")
        with pytest.raises(PaymentRefused, match=message):
            pay(issuer, buyer, amount, **extra)
    assert Payment.objects.count() == 0 and PaymentApplication.objects.count() == 0
    assert balances(b) == [D("300.00")]


def test_the_same_payment_is_not_applied_twice(issuer, buyer, two_sales):
    pay(issuer, buyer, "100.00", token="form-1", reference="OP-77")
    with pytest.raises(PaymentRefused, match="ya fue registrado"):
        pay(issuer, buyer, "100.00", token="form-1", reference="OP-78")
    with pytest.raises(PaymentRefused, match="referencia OP-77"):
        pay(issuer, buyer, "100.00", token="form-2", reference="op-77")
    assert Payment.objects.count() == 1


def test_another_customers_cuota_cannot_be_chosen(issuer, buyer, two_sales):
    other = make_buyer(issuer, ruc="20100070970", name="Supermercados Peruanos S.A.")
    a, _ = two_sales
    with pytest.raises(PaymentRefused, match="otro cliente"):
        pay(issuer, other, "10.00", allocations=[Allocation(Receivable.objects.filter(document=a).first().pk)])
