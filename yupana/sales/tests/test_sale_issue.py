"""sale_issue: numbering, figures from the tax engine, stored XML that SUNAT would accept, rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yupana.companies.models import Policy, Series
from yupana.einvoicing.models import DocumentEvent, ElectronicDocument, Status
from yupana.inventory.selectors import stock_on_hand
from yupana.inventory.services import stock_movements_record
from yupana.sales.inputs import InstallmentInput, LineInput, NoteInput, SaleInput
from yupana.sales.models import SaleDocument
from yupana.sales.services import DocumentRejected, SaleRefused, note_issue, sale_issue
from yupana.sunat.testing import check_document

from .factories import make_product

D = Decimal


# SUNAT's own sheet looks for cac:PaymentTerms inside cac:PaymentTerms, so every credit factura gets
# observation 3249 even with its cuotas (ValidaExprRegFactura-2.0.1.xsl, the 'Credito' branch).
CREDIT_OBSERVATION = ("3249",)


def factura(customer, *lines, **extra) -> SaleInput:
    return SaleInput(doc_type="01", series_code="F001", customer_id=customer.pk, lines=list(lines), **extra)


def rice_line(product, quantity="2"):
    return LineInput(description="", quantity=D(quantity), unit_price=product.price, product_id=product.pk)


def test_factura_is_numbered_computed_signed_and_stored(issuer, customer, rice, admin_user):
    # Given a product at S/ 23.60 with IGV
    # When two units are sold on a factura
    document = sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(rice)))
    # Then 47.20 = 40.00 valor de venta + 7.20 IGV (18%), number 1 of F001
    assert document.document_id == "F001-1"
    assert (document.total_gravadas, document.total_igv, document.total) == (D("40.00"), D("7.20"), D("47.20"))
    line = document.lines.get()
    assert (line.value, line.igv, line.total) == (D("40.00"), D("7.20"), D("47.20"))
    electronic = document.electronic
    assert electronic.status == Status.ISSUED
    assert electronic.name == f"{issuer.ruc}-01-F001-1"
    check_document(bytes(electronic.xml), electronic.name + ".xml")
    assert Series.objects.get(company=issuer, code="F001").next_number == 2
    kinds = list(DocumentEvent.objects.filter(document=document).values_list("kind", flat=True))
    assert kinds == ["creado", "firmado"]
    # Every sale writes its stock movements (2 units out)
    assert stock_on_hand(company=issuer, product=rice) == D("-2")


def test_boleta_for_anonymous_customer_and_second_number(issuer, rice, admin_user):
    data = SaleInput(doc_type="03", series_code="B001", lines=[rice_line(rice, "1")])
    first = sale_issue(company=issuer, user=admin_user, data=data)
    second = sale_issue(company=issuer, user=admin_user, data=data)
    assert (first.number, second.number) == (1, 2)
    assert second.customer_name == "CLIENTES VARIOS"
    assert second.total == D("23.60")
    assert second.electronic.via_summary is True  # company setting: boletas in the daily summary
    check_document(bytes(second.electronic.xml), second.electronic.name + ".xml")


def test_factura_needs_a_customer_with_ruc(issuer, person, rice, admin_user):
    with pytest.raises(SaleRefused) as refused:
        sale_issue(company=issuer, user=admin_user, data=factura(person, rice_line(rice)))
    assert "RUC" in str(refused.value)
    assert refused.value.field == "customer"
    assert Series.objects.get(company=issuer, code="F001").next_number == 1


def test_rejection_by_sunat_rules_burns_no_number(issuer, customer, rice, admin_user):
    # Given a line whose description is too long for SUNAT (the core's model refuses it)
    bad = LineInput(description="x" * 501, quantity=D("1"), unit_price=D("10"))
    with pytest.raises(DocumentRejected) as rejected:
        sale_issue(company=issuer, user=admin_user, data=factura(customer, bad))
    assert "línea 1" in str(rejected.value) and "500" in str(rejected.value)
    # Then nothing is saved and the next sale still gets number 1
    assert not SaleDocument.objects.exists() and not ElectronicDocument.objects.exists()
    document = sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(rice)))
    assert document.number == 1


def test_credit_sale_proposes_cuotas_from_customer_credit_days(issuer, rice, admin_user):
    from .factories import make_customer

    buyer = make_customer(issuer, ruc="20131312955", name="Distribuidora Sur S.A.C.", credit_enabled=True,
                          credit_limit=D("1000"), credit_days=15)
    data = factura(buyer, rice_line(rice), payment_terms="credito", issue_date=dt.date(2026, 11, 20))
    document = sale_issue(company=issuer, user=admin_user, data=data, today=dt.date(2026, 11, 20))
    cuota = document.installments.get()
    assert (cuota.amount, cuota.due_date) == (D("47.20"), dt.date(2026, 12, 5))
    check_document(bytes(document.electronic.xml), document.electronic.name + ".xml",
                   allow_observations=CREDIT_OBSERVATION)


def test_credit_sale_refused_without_credit_and_over_limit(issuer, customer, rice, admin_user):
    from .factories import make_customer

    with pytest.raises(SaleRefused, match="no tiene crédito habilitado"):
        sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(rice), payment_terms="credito"))
    buyer = make_customer(issuer, ruc="20131312955", name="Distribuidora Sur S.A.C.", credit_enabled=True,
                          credit_limit=D("50.00"), credit_days=30)
    sale_issue(company=issuer, user=admin_user, data=factura(buyer, rice_line(rice), payment_terms="credito"))
    # 47.20 used + 47.20 more > 50.00
    with pytest.raises(SaleRefused, match="límite de crédito"):
        sale_issue(company=issuer, user=admin_user, data=factura(buyer, rice_line(rice), payment_terms="credito"))
    issuer.credit_policy = Policy.WARN
    issuer.save()
    document = sale_issue(company=issuer, user=admin_user, data=factura(buyer, rice_line(rice), payment_terms="credito"))
    assert document.warnings and "límite de crédito" in document.warnings[0]
    assert DocumentEvent.objects.filter(document=document, kind="advertencia").exists()


def test_stock_control_blocks_or_warns(issuer, customer, admin_user):
    milk = make_product(issuer, code="LEC01", description="Leche evaporada", price="4.20", stock_control=True)
    stock_movements_record(company=issuer, on=dt.date(2026, 11, 1), kind="inicial", items=[(milk, D("3"))], sign=1,
                           source_model="", source_id=0, source_label="Saldo inicial")
    with pytest.raises(SaleRefused, match="Stock insuficiente de «Leche evaporada»: se piden 4 y hay 3"):
        sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(milk, "4")))
    sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(milk, "3")))
    assert stock_on_hand(company=issuer, product=milk) == D("0")
    issuer.stock_policy = Policy.WARN
    issuer.save()
    document = sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(milk, "1")))
    assert "Stock insuficiente" in document.warnings[0]
    assert stock_on_hand(company=issuer, product=milk) == D("-1")


def test_credit_note_for_a_return_puts_stock_back(issuer, customer, rice, admin_user):
    sale = sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(rice, "5")))
    assert stock_on_hand(company=issuer, product=rice) == D("-5")
    note = note_issue(company=issuer, user=admin_user, data=NoteInput(
        reference_id=sale.pk, doc_type="07", series_code="FC01", reason="07", reason_text="Devolución de 2 bolsas",
        lines=[rice_line(rice, "2")]))
    assert note.document_id == "FC01-1" and note.reference == sale
    assert note.total == D("47.20")
    assert stock_on_hand(company=issuer, product=rice) == D("-3")
    check_document(bytes(note.electronic.xml), note.electronic.name + ".xml")
    # A debit note (interest) moves no stock
    debit = note_issue(company=issuer, user=admin_user, data=NoteInput(
        reference_id=sale.pk, doc_type="08", series_code="FD01", reason="01", reason_text="Intereses por mora",
        lines=[LineInput(description="Intereses por mora", quantity=D("1"), unit_price=D("11.80"), unit_code="ZZ")]))
    assert (debit.total_gravadas, debit.total_igv, debit.total) == (D("10.00"), D("1.80"), D("11.80"))
    assert stock_on_hand(company=issuer, product=rice) == D("-3")
    check_document(bytes(debit.electronic.xml), debit.electronic.name + ".xml")


def test_note_series_must_match_the_document(issuer, customer, rice, admin_user):
    sale = sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(rice)))
    with pytest.raises(SaleRefused, match="debe empezar con F"):
        note_issue(company=issuer, user=admin_user, data=NoteInput(
            reference_id=sale.pk, doc_type="07", series_code="BC01", reason="07", reason_text="Devolución",
            lines=[rice_line(rice, "1")]))


def test_dollar_sale_needs_exchange_rate(issuer, customer, rice, admin_user):
    with pytest.raises(SaleRefused, match="tipo de cambio"):
        sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(rice), currency="USD"))
    document = sale_issue(company=issuer, user=admin_user,
                          data=factura(customer, rice_line(rice), currency="USD", exchange_rate=D("3.7500")))
    assert document.currency == "USD" and document.total == D("47.20")
    check_document(bytes(document.electronic.xml), document.electronic.name + ".xml")


def test_installments_given_by_the_caller(issuer, rice, admin_user):
    from .factories import make_customer

    buyer = make_customer(issuer, ruc="20131312955", name="Distribuidora Sur S.A.C.", credit_enabled=True,
                          credit_limit=D("1000"), credit_days=30)
    data = factura(buyer, rice_line(rice), payment_terms="credito", issue_date=dt.date(2026, 11, 20),
                   installments=[InstallmentInput(D("20.00"), dt.date(2026, 12, 20)),
                                 InstallmentInput(D("27.20"), dt.date(2027, 1, 20))])
    document = sale_issue(company=issuer, user=admin_user, data=data, today=dt.date(2026, 11, 20))
    assert [c.amount for c in document.installments.all()] == [D("20.00"), D("27.20")]
    assert document.due_date == dt.date(2027, 1, 20)
    check_document(bytes(document.electronic.xml), document.electronic.name + ".xml",
                   allow_observations=CREDIT_OBSERVATION)


def test_boleta_over_700_needs_an_identified_customer(issuer, person, admin_user):
    tv = LineInput(description="Televisor 50 pulgadas", quantity=D("1"), unit_price=D("800.00"))
    with pytest.raises(DocumentRejected) as rejected:
        sale_issue(company=issuer, user=admin_user, data=SaleInput(doc_type="03", series_code="B001", lines=[tv]))
    assert "mayor a S/ 700" in str(rejected.value) and str(rejected.value).startswith("cliente:")
    assert not SaleDocument.objects.exists()
    document = sale_issue(company=issuer, user=admin_user,
                          data=SaleInput(doc_type="03", series_code="B001", customer_id=person.pk, lines=[tv]))
    assert document.number == 1 and document.customer_doc_number == "46027897"


def test_company_without_certificate_is_told_where_to_upload_it(issuer, customer, rice, admin_user):
    issuer.certificate_encrypted = ""
    issuer.save()
    with pytest.raises(DocumentRejected, match="certificado digital"):
        sale_issue(company=issuer, user=admin_user, data=factura(customer, rice_line(rice)))
    assert Series.objects.get(company=issuer, code="F001").next_number == 1


def test_a_date_past_sunats_window_is_refused_before_the_number_is_used(issuer, customer, rice):
    from yupana.sales.services import today_lima

    today = today_lima()
    with pytest.raises(SaleRefused) as refused:
        sale_issue(company=issuer, user=None, data=factura(customer, rice_line(rice),
                                                           issue_date=today - dt.timedelta(days=4)))
    assert refused.value.field == "issue_date" and "2108" in refused.value.messages[0]
    with pytest.raises(SaleRefused) as future:
        sale_issue(company=issuer, user=None, data=factura(customer, rice_line(rice),
                                                           issue_date=today + dt.timedelta(days=1)))
    assert future.value.field == "issue_date" and "posterior a hoy" in future.value.messages[0]
    assert not SaleDocument.objects.exists()
    # Three days back is still on time, and it takes the first number: none was burnt
    document = sale_issue(company=issuer, user=None, data=factura(customer, rice_line(rice),
                                                                  issue_date=today - dt.timedelta(days=3)))
    assert document.number == 1 and document.issue_date == today - dt.timedelta(days=3)


def test_a_note_cannot_be_dated_before_the_document_it_modifies(issuer, customer, rice):
    from yupana.sales.services import today_lima

    today = today_lima()
    factura_doc = sale_issue(company=issuer, user=None, data=factura(customer, rice_line(rice)))
    with pytest.raises(SaleRefused) as refused:
        note_issue(company=issuer, user=None, data=NoteInput(
            reference_id=factura_doc.pk, doc_type="07", series_code="FC01", reason="07", reason_text="Devolución",
            issue_date=today - dt.timedelta(days=1), lines=[rice_line(rice)]))
    assert refused.value.field == "issue_date" and "anterior a la del comprobante" in refused.value.messages[0]
