"""Bad input gives a ValidationError naming the field, in Spanish; nothing is half-built."""

from datetime import date
from decimal import Decimal as D

import pytest

from yupana.sunat.model import Address, Customer, Detraccion, Installment, Invoice, Issuer, Line, Note, SummaryLine, ValidationError, VoidedLine

ADDRESS = Address(line="AV. LOS PINOS 123", ubigeo="150101")
ISSUER = Issuer(ruc="20123456786", legal_name="EMPRESA DEMO YUPANA S.A.C.", address=ADDRESS)
CUSTOMER = Customer(doc_type="6", number="20100066603", name="CLIENTE S.A.")


def line(**kw):
    kw.setdefault("description", "Producto")
    kw.setdefault("quantity", D("1"))
    kw.setdefault("unit_value", D("10"))
    return Line(**kw)


def error(callable_, **kw) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        callable_(**kw)
    return info.value


def test_invalid_ruc_check_digit_names_the_field():
    e = error(Customer, doc_type="6", number="20100066604", name="CLIENTE S.A.")
    assert (e.field, e.message) == ("number", "RUC inválido (dígito verificador)")
    assert error(Issuer, ruc="2012345678", legal_name="X S.A.", address=ADDRESS).field == "ruc"


def test_dni_must_have_eight_digits():
    e = error(Customer, doc_type="1", number="4602789", name="JUAN PEREZ")
    assert e.message == "DNI inválido (debe tener 8 dígitos)"
    assert error(Customer, doc_type="1", number="4602789X", name="JUAN PEREZ").message == "DNI inválido (solo dígitos)"


@pytest.mark.parametrize("quantity", [D("0"), D("-1")])
def test_quantity_must_be_positive(quantity):
    e = error(line, quantity=quantity)
    assert e.field == "quantity"


def test_float_is_refused_for_money():
    assert "float" in error(line, unit_value=10.5).message


@pytest.mark.parametrize(
    "field, value",
    [("unit_code", "XYZ"), ("affectation", "99")],
)
def test_unknown_codes(field, value):
    e = error(line, **{field: value})
    assert e.field == field and "no existe en el catálogo" in e.message


def test_unknown_identity_type_and_note_reason():
    assert error(Customer, doc_type="9", number="1", name="ABC").field == "doc_type"
    e = error(
        Note, doc_type="07", series="F001", number=1, issue_date=date(2026, 11, 21), issuer=ISSUER, customer=CUSTOMER,
        lines=(line(),), reason="99", reason_text="x", reference_type="01", reference_id="F001-1",
    )
    assert e.field == "reason" and "catálogo 09" in e.message


@pytest.mark.parametrize(
    "field, value, places",
    [("quantity", D("1.12345678901"), 10), ("unit_value", D("0.12345678901"), 10), ("discount", D("1.001"), 2)],
)
def test_more_decimals_than_sunat_allows(field, value, places):
    e = error(line, **{field: value})
    assert (e.field, e.message) == (field, f"admite como máximo {places} decimales")


def test_ten_decimals_are_fine():
    assert line(quantity=D("1.1234567890"), unit_value=D("0.1234567891")).quantity == D("1.123456789")


def test_over_long_texts():
    assert error(line, description="x" * 501).message == "excede el máximo de 500 caracteres (501)"
    assert error(Customer, doc_type="6", number="20100066603", name="N" * 1501).field == "name"
    assert error(Address, line="A" * 201).field == "line"
    assert line(description="x" * 500).description == "x" * 500


def test_control_characters_and_line_breaks_are_refused():
    assert "control" in error(line, description="Producto\x00").message
    assert error(Customer, doc_type="6", number="20100066603", name="dos\nlíneas").field == "name"
    # item descriptions may span lines (SUNAT's pattern allows it); CRLF becomes LF
    assert line(description="Servicio de soporte\r\n- enero\n- febrero").description == "Servicio de soporte\n- enero\n- febrero"


def test_value_or_price_exactly_one():
    assert error(line, unit_value=None).field == "unit_value"
    assert error(line, unit_price=D("11.80")).field == "unit_value"


def test_invoice_rules_that_need_no_arithmetic():
    base = dict(series="F001", number=1, issue_date=date(2026, 11, 20), issuer=ISSUER, customer=CUSTOMER, lines=(line(),))
    assert error(Invoice, doc_type="01", **{**base, "series": "B001"}).field == "series"
    assert error(Invoice, doc_type="01", **{**base, "number": 0}).field == "number"
    dni = Customer(doc_type="1", number="46027897", name="JUAN PEREZ")
    assert error(Invoice, doc_type="01", **{**base, "customer": dni}).field == "customer.doc_type"
    boleta = {**base, "series": "B001", "customer": dni}
    e = error(Invoice, doc_type="03", installments=(Installment(amount=D("10"), due_date=date(2026, 12, 1)),), **boleta)
    assert e.field == "installments" and "3128" in e.message
    assert error(Invoice, doc_type="01", operation_type="1001", **base).field == "detraccion"
    assert error(Invoice, doc_type="01", operation_type="0200", **base).field == "lines[0].affectation"
    late = Installment(amount=D("11.80"), due_date=date(2026, 11, 20))
    assert error(Invoice, doc_type="01", installments=(late,), **base).field == "installments[0].due_date"


def test_detraccion_and_batches():
    assert error(Detraccion, code="999", rate=D("12"), account="00-000-1").field == "code"
    assert error(Detraccion, code="037", rate=D("12"), account="CUENTA").field == "account"
    assert error(SummaryLine, doc_type="01", series="F001", number=1, status="1", currency="PEN", total=D("1")).field == "doc_type"
    assert error(VoidedLine, doc_type="03", series="B001", number=1, reason="Error").field == "doc_type"


def test_error_paths_compose():
    e = ValidationError("quantity", "debe ser mayor que cero").within("lines[2]")
    assert str(e) == "lines[2].quantity: debe ser mayor que cero"
    assert str(ValidationError("[0]", "x").within("lines")) == "lines[0]: x"


def test_rules_2800_and_unsupported_note_reasons():
    base = dict(series="F001", number=1, issue_date=date(2026, 11, 20), issuer=ISSUER, lines=(line(affectation="40"),))
    e = error(Invoice, doc_type="01", operation_type="0200", customer=CUSTOMER, **base)
    assert e.field == "customer.doc_type" and "2800" in e.message
    note = dict(series="F001", number=1, issue_date=date(2026, 11, 21), issuer=ISSUER, lines=(line(),), reason_text="Ajuste",
                reference_type="01", reference_id="F001-1")
    assert error(Note, doc_type="07", reason="13", customer=CUSTOMER, **note).field == "reason"
    dni = Customer(doc_type="1", number="46027897", name="JUAN PEREZ")
    assert error(Note, doc_type="07", reason="01", customer=dni, **note).field == "customer.doc_type"


def test_the_core_never_imports_django():
    import subprocess
    import sys

    code = (
        "import sys, yupana.sunat.build, yupana.sunat.jsonformat, yupana.sunat.qr, yupana.sunat.ubl.reader, "
        "yupana.sunat.cli.build, yupana.sunat.cli.bench; assert 'django' not in sys.modules, 'django imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_summary_line_over_700_needs_the_customer():
    e = error(SummaryLine, doc_type="03", series="B001", number=1, status="1", currency="PEN", total=D("700.01"))
    assert e.field == "customer" and "2514" in e.message
    assert SummaryLine(doc_type="03", series="B001", number=1, status="1", currency="PEN", total=D("700.00")).customer is None


def test_issuer_names_and_address_line_have_three_characters():
    assert error(Issuer, ruc="20123456786", legal_name="AB", address=ADDRESS).field == "legal_name"
    assert error(Issuer, ruc="20123456786", legal_name="ABC S.A.", trade_name="AB", address=ADDRESS).field == "trade_name"
    assert error(Issuer, ruc="20123456786", legal_name="ABC S.A.", address=Address(line="AV", ubigeo="150101")).field == "address.line"


def test_note_item_descriptions():
    note = dict(series="F001", number=1, issue_date=date(2026, 11, 21), issuer=ISSUER, customer=CUSTOMER, reason_text="Ajuste",
                reference_type="01", reference_id="F001-1")
    assert error(Note, doc_type="08", reason="02", lines=(line(description="TV"),), **note).field == "lines[0].description"
    assert error(Note, doc_type="07", reason="07", lines=(line(description="dos\nlíneas"),), **note).field == "lines[0].description"


def test_an_aware_issue_moment_becomes_lima_date_and_time():
    from datetime import datetime, time, timezone

    base = dict(doc_type="01", series="F001", number=1, issuer=ISSUER, customer=CUSTOMER, lines=(line(),))
    # 2026-11-21 03:30 UTC is 2026-11-20 22:30 in Lima (UTC-5)
    doc = Invoice(issue_date=datetime(2026, 11, 21, 3, 30, tzinfo=timezone.utc), **base)
    assert (doc.issue_date, doc.issue_time) == (date(2026, 11, 20), time(22, 30))
    assert error(Invoice, issue_date=datetime(2026, 11, 21, 3, 30), **base).field == "issue_date"
