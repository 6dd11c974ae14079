"""Random documents (fixed seeds) must satisfy every SUNAT consistency rule on totals.

Hand-worked cases live in test_taxes.py; this sweeps rounding corners: prices with and without
IGV, up to 3 decimals in quantities, line and global discounts, free lines, bags, ISC, both rates.
"""

import dataclasses
import random
from datetime import date
from decimal import Decimal as D

import pytest

from yupana.sunat import taxes, validation
from yupana.sunat.build import build
from yupana.sunat.model import Address, Customer, Invoice, Isc, Issuer, Line, Note
from yupana.sunat.testing import demo_signer

ADDRESS = Address(line="AV. LOS PINOS 123", ubigeo="150101")
ISSUERS = [
    Issuer(ruc="20123456786", legal_name="EMPRESA DEMO YUPANA S.A.C.", address=ADDRESS),
    Issuer(ruc="20123456786", legal_name="EMPRESA DEMO YUPANA S.A.C.", address=ADDRESS, reduced_igv=True),
]
RUC_CUSTOMER = Customer(doc_type="6", number="20100066603", name="CLIENTE S.A.")
DNI_CUSTOMER = Customer(doc_type="1", number="46027897", name="JUAN PEREZ")


def random_line(rnd: random.Random, index: int) -> Line:
    affectation = rnd.choice(["10"] * 6 + ["20", "30", "13", "21", "31"])
    quantity = D(rnd.randint(1, 20000)) / D(rnd.choice([1, 10, 1000]))
    value = D(rnd.randint(1, 500000)) / D(rnd.choice([100, 10000]))
    kw = {"unit_price": value} if affectation == "10" and rnd.random() < 0.5 else {"unit_value": value}
    if affectation == "10" and rnd.random() < 0.1:
        return Line(description=f"Bolsa {index}", quantity=D(rnd.randint(1, 5)), unit_value=D("0.10"), icbper=True)
    if affectation == "10" and rnd.random() < 0.08:
        kw["isc"] = Isc(rate=D(rnd.choice(["10", "17", "30", "50"])))
    if affectation in ("10", "20", "30") and "unit_value" in kw and rnd.random() < 0.25:
        gross = (quantity * value).quantize(D("0.01"))
        discount = (gross * D(rnd.randint(1, 30)) / 100).quantize(D("0.01"))
        if discount:
            kw["discount"] = discount
    return Line(description=f"Item {index}", quantity=quantity, affectation=affectation, **kw)


@pytest.mark.parametrize("seed", range(60))
def test_random_documents_pass_sunat_rules(seed):
    rnd = random.Random(seed)
    lines = tuple(random_line(rnd, i) for i in range(rnd.randint(1, 6)))
    if all(not line.affectation.onerous for line in lines):
        lines += (Line(description="Pagado", quantity=D("1"), unit_value=D("1")),)  # a note with no paid line is refused
    doc_type = rnd.choice(["01", "01", "03", "07", "08"])
    common = dict(number=seed + 1, issue_date=date(2025, 11, 20), issuer=rnd.choice(ISSUERS), lines=lines)
    if doc_type in ("07", "08"):
        doc = Note(doc_type=doc_type, series="F001", customer=RUC_CUSTOMER, reason="07" if doc_type == "07" else "02",
                   reason_text="Devolución" if doc_type == "07" else "Aumento en el valor", reference_type="01",
                   reference_id="F001-9", **common)
    else:
        doc = Invoice(doc_type=doc_type, series="F001" if doc_type == "01" else "B001",
                      customer=RUC_CUSTOMER if doc_type == "01" else DNI_CUSTOMER, **common)
        gravadas = taxes.compute(doc).totals.gravadas
        if gravadas > 10 and rnd.random() < 0.3:
            doc = dataclasses.replace(doc, global_discount=(gravadas * D(rnd.randint(1, 20)) / 100).quantize(D("0.01")))
    built = build(doc, demo_signer("20123456786", "EMPRESA DEMO YUPANA S.A.C."))
    report = validation.validate(built.xml, built.name + ".xml")
    assert (report.errors, report.observations) == ((), ()), built.name


@pytest.mark.parametrize("seed", range(20))
def test_random_daily_summaries_pass_sunat_rules(seed):
    from yupana.sunat.model import Summary, ValidationError

    rnd = random.Random(1000 + seed)
    lines = []
    for number in range(1, rnd.randint(2, 8)):
        items = tuple(random_line(rnd, i) for i in range(rnd.randint(1, 4)))
        items += (Line(description="Pagado", quantity=D("1"), unit_value=D("1")),)
        customer = rnd.choice([DNI_CUSTOMER, Customer.anonymous()])
        common = dict(number=number, issue_date=date(2025, 11, 20), issuer=ISSUERS[0], lines=items, customer=customer)
        if rnd.random() < 0.7:
            doc = Invoice(doc_type="03", series="B001", **common)
        else:
            doc = Note(doc_type="07", series="BC01", reason="07", reason_text="Devolución", reference_type="03", reference_id="B001-99", **common)
        try:
            computed = taxes.compute(doc)
        except ValidationError as exc:
            assert exc.field == "customer"  # anonymous over S/ 700: refused before any XML exists
            continue
        lines.append(taxes.summary_line(computed, rnd.choice("123")))
    if not lines:
        return
    summary = Summary(issuer=ISSUERS[0], issue_date=date(2025, 11, 21), reference_date=date(2025, 11, 20), sequence=seed + 1, lines=tuple(lines))
    built = build(summary, demo_signer("20123456786", "EMPRESA DEMO YUPANA S.A.C."))
    report = validation.validate(built.xml, built.name + ".xml")
    assert (report.errors, report.observations) == ((), ()), built.name
