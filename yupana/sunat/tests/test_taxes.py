"""Tax engine: figures worked out by hand, never with the engine's own formula."""

from datetime import date
from decimal import Decimal as D

import pytest

from yupana.sunat.catalogs import Legend, TaxScheme
from yupana.sunat.model import Address, Customer, Detraccion, Installment, Invoice, Isc, Issuer, Line, ValidationError
from yupana.sunat.taxes import DatedRate, Rates, compute

ISSUER = Issuer(ruc="20123456786", legal_name="EMPRESA DEMO YUPANA S.A.C.", address=Address(line="AV. LOS PINOS 123", ubigeo="150101"))
CUSTOMER = Customer(doc_type="6", number="20100066603", name="CLIENTE S.A.")


def factura(*lines, issuer=ISSUER, **kw):
    kw.setdefault("customer", CUSTOMER)
    return Invoice(doc_type="01", series="F001", number=1, issue_date=date(2025, 11, 20), issuer=issuer, lines=lines, **kw)


def test_two_gravada_lines():
    # 2 x 50.00 = 100.00; 1 x 118.00 with IGV -> value 100.00; IGV 18% of 200.00 = 36.00; total 236.00
    c = compute(factura(Line(description="A", quantity=D("2"), unit_value=D("50")), Line(description="B", quantity=D("1"), unit_price=D("118"))))
    assert [cl.value for cl in c.lines] == [D("100.00"), D("100.00")]
    assert [cl.igv for cl in c.lines] == [D("18.00"), D("18.00")]
    assert c.lines[1].unit_value == D("100")
    assert c.lines[0].reference_price == D("59.00")  # (100 + 18) / 2
    t = c.totals
    assert (t.gravadas, t.igv, t.line_extension, t.tax_inclusive, t.payable) == (D("200.00"), D("36.00"), D("200.00"), D("236.00"), D("236.00"))
    assert c.legends[0] == (Legend.AMOUNT_IN_WORDS, "DOSCIENTOS TREINTA Y SEIS CON 00/100 SOLES")


def test_price_with_igv_rounds_half_up():
    # 3 x 9.90 with IGV: unit value 9.90/1.18 = 8.3898305085; value 25.1694915255 -> 25.17; IGV 4.5306 -> 4.53; total 29.70
    c = compute(factura(Line(description="A", quantity=D("3"), unit_price=D("9.90"))))
    assert c.lines[0].unit_value == D("8.3898305085")
    assert (c.totals.gravadas, c.totals.igv, c.totals.payable) == (D("25.17"), D("4.53"), D("29.70"))


def test_mixed_gravada_exonerada_inafecta():
    # gravada 2 x 100 = 200 (IGV 36); exonerada 3 x 10 = 30; inafecta 50; total 200 + 36 + 30 + 50 = 316
    c = compute(
        factura(
            Line(description="G", quantity=D("2"), unit_value=D("100")),
            Line(description="E", quantity=D("3"), unit_value=D("10"), affectation="20"),
            Line(description="I", quantity=D("1"), unit_value=D("50"), affectation="30"),
        )
    )
    t = c.totals
    assert (t.gravadas, t.exoneradas, t.inafectas, t.igv, t.line_extension, t.payable) == (
        D("200.00"), D("30.00"), D("50.00"), D("36.00"), D("280.00"), D("316.00"))
    assert [s.scheme for s in t.subtotals] == [TaxScheme.IGV, TaxScheme.EXONERADO, TaxScheme.INAFECTO]


def test_line_and_global_discounts():
    # A: 2 x 100 = 200 - 20 = 180; B: 50; gravadas 230 - global 10 = 220; IGV 18% = 39.60 (32.40 + 9.00 - 1.80)
    c = compute(factura(Line(description="A", quantity=D("2"), unit_value=D("100"), discount=D("20")), Line(description="B", quantity=D("1"), unit_value=D("50")), global_discount=D("10")))
    t = c.totals
    assert c.lines[0].value == D("180.00")
    assert c.lines[0].reference_price == D("106.2")  # (180 + 32.40) / 2
    assert (t.gravadas, t.igv, t.line_extension, t.payable, t.global_discount_base) == (D("220.00"), D("39.60"), D("220.00"), D("259.60"), D("230.00"))
    # factors: 20 / 200 = 0.1; 10 / 230 = 0.0434782... -> 0.04348 (5 decimals)
    assert (c.lines[0].discount_factor, t.global_discount_factor) == (D("0.10000"), D("0.04348"))


def test_free_line_counts_only_under_9996():
    # paid 100 + IGV 18 = 118; free retiro (13) reference 20, its IGV 3.60 borne by the issuer, not charged
    c = compute(factura(Line(description="P", quantity=D("1"), unit_value=D("100")), Line(description="R", quantity=D("1"), unit_value=D("20"), affectation="13")))
    t = c.totals
    assert (t.gratuitas, t.igv_gratuitas, t.igv, t.payable) == (D("20.00"), D("3.60"), D("18.00"), D("118.00"))
    assert c.lines[1].unit_value == D("0") and c.lines[1].reference_code == "02"
    assert Legend.FREE_TRANSFER in [code for code, _ in c.legends]


def test_icbper_bags_at_dated_rate():
    # 10.00 + 2 bags x 0.10 = 10.20 gravada, IGV 1.84; ICBPER 2 x 0.50 (2025) = 1.00; total 13.04
    c = compute(factura(Line(description="P", quantity=D("1"), unit_value=D("10")), Line(description="Bolsa", quantity=D("2"), unit_value=D("0.10"), icbper=True)))
    assert (c.totals.icbper, c.totals.igv, c.totals.payable) == (D("1.00"), D("1.84"), D("13.04"))


def test_isc_al_valor_is_part_of_igv_base():
    # 10 x 5 = 50; ISC 30% = 15; IGV 18% of 65 = 11.70; total 76.70
    c = compute(factura(Line(description="Cerveza", quantity=D("10"), unit_value=D("5"), isc=Isc(rate=D("30")))))
    assert (c.lines[0].isc, c.lines[0].igv_base, c.totals.igv, c.totals.payable) == (D("15.00"), D("65.00"), D("11.70"), D("76.70"))


def test_reduced_rate_is_an_issuer_setting_and_dated():
    reduced = Issuer(ruc="20123456786", legal_name="RESTAURANTE S.A.C.", address=ISSUER.address, reduced_igv=True)
    # 2 x 22.00 with IGV at 10%: value 40.00, IGV 4.00
    c = compute(factura(Line(description="Menú", quantity=D("2"), unit_price=D("22")), issuer=reduced))
    assert (c.igv_percent, c.totals.igv, c.totals.payable) == (D("10"), D("4.00"), D("44.00"))
    # 2026: Ley 32387 raises the IPM part: 10.5%
    c2026 = compute(Invoice(doc_type="01", series="F001", number=1, issue_date=date(2026, 1, 2), issuer=reduced, customer=CUSTOMER, lines=(Line(description="Menú", quantity=D("1"), unit_value=D("100")),)))
    assert c2026.totals.igv == D("10.50")


def test_rates_are_injectable():
    rates = Rates(igv=(DatedRate(date(2000, 1, 1), D("20")),))
    c = compute(factura(Line(description="A", quantity=D("1"), unit_value=D("100"))), rates)
    assert c.totals.igv == D("20.00")


def test_credit_installments_must_add_up_to_pending():
    # 1000 + 180 = 1180 in three cuotas 400 + 400 + 380
    due = [date(2025, 12, 20), date(2026, 1, 20), date(2026, 2, 20)]
    ok = factura(Line(description="E", quantity=D("1"), unit_value=D("1000")), installments=[Installment(amount=D(a), due_date=d) for a, d in zip(("400", "400", "380"), due)])
    assert compute(ok).pending == D("1180.00")
    bad = factura(Line(description="E", quantity=D("1"), unit_value=D("1000")), installments=[Installment(amount=D("400"), due_date=due[0])])
    with pytest.raises(ValidationError) as err:
        compute(bad)
    assert err.value.field == "installments" and "1180.00" in err.value.message


def test_detraccion_amount_and_net_pending():
    # 1000 + 180 = 1180; 12% = 141.60 to the Banco de la Nación; pending 1038.40
    doc = factura(
        Line(description="Consultoría", quantity=D("1"), unit_value=D("1000"), unit_code="ZZ"),
        operation_type="1001",
        detraccion=Detraccion(code="037", rate=D("12"), account="00-000-123456"),
        installments=[Installment(amount=D("1038.40"), due_date=date(2025, 12, 20))],
    )
    c = compute(doc)
    assert (c.detraccion_amount, c.pending) == (D("141.60"), D("1038.40"))
    assert Legend.DETRACCION in [code for code, _ in c.legends]


def test_anonymous_boleta_over_700_is_refused():
    doc = Invoice(doc_type="03", series="B001", number=1, issue_date=date(2025, 11, 20), issuer=ISSUER, customer=Customer.anonymous(), lines=(Line(description="TV", quantity=D("1"), unit_value=D("600")),))
    with pytest.raises(ValidationError) as err:
        compute(doc)  # 600 + 108 = 708 > 700
    assert err.value.field == "customer"


def test_compute_does_not_mutate_its_input():
    doc = factura(Line(description="A", quantity=D("1"), unit_price=D("118")))
    before = repr(doc)
    compute(doc)
    assert repr(doc) == before


def test_debit_note_must_increase_the_amount():
    from yupana.sunat.model import Note

    note = Note(doc_type="08", series="F001", number=1, issue_date=date(2025, 11, 21), issuer=ISSUER, customer=CUSTOMER,
                lines=(Line(description="Muestra", quantity=D("1"), unit_value=D("5"), affectation="31"),),
                reason="02", reason_text="Aumento", reference_type="01", reference_id="F001-1")
    with pytest.raises(ValidationError) as err:
        compute(note)
    assert err.value.field == "lines" and "2062" in err.value.message


def test_a_price_with_igv_is_what_the_buyer_pays():
    # 1 x 2.20 with IGV: value 2.20 / 1.18 = 1.864 -> 1.86; IGV is the rest, 0.34 (18% of 1.86 = 0.3348,
    # within SUNAT's 1.00 tolerance). Splitting value and IGV separately would print 1.86 + 0.33 = 2.19.
    c = compute(factura(Line(description="Pan", quantity=D("1"), unit_price=D("2.20"))))
    assert (c.lines[0].value, c.lines[0].igv, c.totals.payable) == (D("1.86"), D("0.34"), D("2.20"))
    assert c.lines[0].reference_price == D("2.20")
