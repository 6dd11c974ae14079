"""Quotation services on the real database and the real tax engine and sale pipeline.

Figures worked by hand: rice at S/ 23.60 with IGV is 20.00 + 3.60 IGV a unit; ten are 200.00 + 36.00.
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from yupana.quotations.inputs import ConvertInput, QuotationInput, QuotationRefused
from yupana.quotations.models import Notification, Quotation, QuotationDocument, QuotationVersion, Status
from yupana.quotations.services import (public_get, quotation_accept, quotation_convert, quotation_create,
                                        quotation_reject, quotation_request_changes, quotation_update,
                                        quotations_expire)
from yupana.sales.models import SaleDocument

from .factories import TODAY, make_quotation, mark_sent, rice_line

pytestmark = pytest.mark.django_db


def kinds(quotation):
    return [e.kind for e in quotation.events.order_by("at", "id")]


def test_numbered_per_company_with_the_tax_engines_totals(issuer, seller, customer, rice):
    # Given two quotations of the same company
    first = make_quotation(issuer, seller, customer, [rice_line(rice, "10")])
    second = make_quotation(issuer, seller, customer, [rice_line(rice, "1")])
    # Then they are numbered COT-000001, COT-000002 with the engine's figures
    assert (first.code, second.code) == ("COT-000001", "COT-000002")
    assert (first.total_gravadas, first.total_igv, first.total) == (Decimal("200.00"), Decimal("36.00"),
                                                                    Decimal("236.00"))
    line = first.lines.get()
    assert (line.value, line.igv, line.total) == (Decimal("200.00"), Decimal("36.00"), Decimal("236.00"))
    assert second.total == Decimal("23.60")
    assert first.seller == seller and first.status == Status.DRAFT and len(first.token) >= 40
    assert kinds(first) == ["creada"]


def test_bad_input_is_explained_naming_the_field_and_saves_nothing(issuer, seller, customer, rice):
    cases = [
        (dict(valid_until=TODAY - dt.timedelta(days=1)), "valid_until", "Válida hasta"),
        (dict(customer_id=None), "customer", "Cliente"),
        (dict(lines=[rice_line(rice, "0")]), "lines[0].quantity", "Línea 1, cantidad"),
        (dict(lines=[rice_line(rice, "1", price="-1")]), "lines[0].unit_price", "Línea 1, precio"),
        (dict(lines=[]), "lines", "Líneas"),
        (dict(currency="EUR"), "currency", "Moneda"),
    ]
    for changes, field, text in cases:
        values = dict(customer_id=customer.pk, issue_date=TODAY, valid_until=TODAY + dt.timedelta(days=5),
                      lines=[rice_line(rice)])
        values.update(changes)
        with pytest.raises(QuotationRefused) as caught:
            quotation_create(company=issuer, user=seller, data=QuotationInput(**values), today=TODAY)
        assert caught.value.field == field and caught.value.messages[0].startswith(text)
    assert not Quotation.objects.exists()


def test_a_price_the_tax_engine_refuses_is_explained_on_the_line(issuer, seller, customer, rice):
    line = rice_line(rice, "1")
    line.affectation = "99"  # not in catalog 07
    with pytest.raises(QuotationRefused) as caught:
        make_quotation(issuer, seller, customer, [line])
    assert "línea 1" in caught.value.messages[0].lower()


def test_editing_a_sent_quotation_makes_a_new_version_and_keeps_the_old_readable(issuer, seller, customer, rice):
    # Given a sent quotation for ten bags
    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice, "10")]))
    # When the seller changes it to five
    data = QuotationInput(customer_id=customer.pk, issue_date=TODAY, valid_until=TODAY + dt.timedelta(days=20),
                          lines=[rice_line(rice, "5")], terms="Entrega en 48 horas")
    quotation = quotation_update(company=issuer, user=seller, quotation_id=quotation.pk, data=data, today=TODAY)
    # Then version 2 is a draft to send again, and version 1 keeps what the customer saw
    assert quotation.version == 2 and quotation.status == Status.DRAFT and quotation.sent_at is None
    assert quotation.total == Decimal("118.00") and quotation.terms == "Entrega en 48 horas"
    old = QuotationVersion.objects.get(quotation=quotation)
    assert old.version == 1 and old.snapshot["total"] == "236.00"
    assert old.snapshot["lines"][0]["quantity"] == "10.0000" and old.snapshot["status"] == "enviada"
    assert kinds(quotation) == ["creada", "nueva_version"]
    # And a draft that was never sent is edited in place
    draft = make_quotation(issuer, seller, customer, [rice_line(rice, "1")])
    draft = quotation_update(company=issuer, user=seller, quotation_id=draft.pk, data=data, today=TODAY)
    assert draft.version == 1 and not draft.versions.exists() and kinds(draft) == ["creada", "editada"]


def test_customer_accepts_with_name_and_time_and_the_business_is_notified(issuer, seller, customer, rice):
    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice)]))
    # A name too short is refused
    with pytest.raises(QuotationRefused) as caught:
        quotation_accept(quotation=quotation, name=" a ", today=TODAY)
    assert caught.value.field == "name"
    # When the customer accepts
    quotation_accept(quotation=quotation, name="Rosa  Huamán", today=TODAY)
    quotation.refresh_from_db()
    # Then the name and moment are recorded, the business has a notice, the timeline says so
    assert quotation.status == Status.ACCEPTED and quotation.accepted_by == "Rosa Huamán"
    assert quotation.answered_at is not None
    notice = Notification.objects.get(quotation=quotation)
    assert notice.message.startswith("COT-000001: aceptada por Rosa Huamán el ") and notice.read_at is None
    assert kinds(quotation)[-1] == "aceptada"
    # And it cannot be answered again
    with pytest.raises(QuotationRefused, match="ya fue aceptada"):
        quotation_reject(quotation=quotation, reason="Muy caro", today=TODAY)


def test_reject_needs_a_reason_and_changes_keep_the_quotation_open(issuer, seller, customer, rice):
    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice)]))
    with pytest.raises(QuotationRefused) as caught:
        quotation_reject(quotation=quotation, reason="  ", today=TODAY)
    assert caught.value.field == "reason"
    quotation_request_changes(quotation=quotation, comment="¿Pueden entregar el lunes?", today=TODAY)
    quotation.refresh_from_db()
    assert quotation.status == Status.SENT and quotation.answer_text == "¿Pueden entregar el lunes?"
    quotation_reject(quotation=quotation, reason="Encontramos otro proveedor", today=TODAY)
    quotation.refresh_from_db()
    assert quotation.status == Status.REJECTED and quotation.answer_text == "Encontramos otro proveedor"
    assert kinds(quotation) == ["creada", "cambios", "rechazada"]
    assert Notification.objects.filter(quotation=quotation).count() == 2


def test_expires_after_its_validity_with_a_pinned_clock(issuer, seller, customer, rice):
    # Given a quotation valid until 25/11 and one already accepted
    open_one = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice)], valid_days=5))
    accepted = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice)], valid_days=5))
    quotation_accept(quotation=accepted, name="Rosa Huamán", today=TODAY)
    # On its last day nothing expires
    assert quotations_expire(today=dt.date(2026, 11, 25)) == 0
    # The day after, the unanswered one is vencida (the accepted one stays accepted)
    assert quotations_expire(today=dt.date(2026, 11, 26)) == 1
    open_one.refresh_from_db()
    accepted.refresh_from_db()
    assert open_one.status == Status.EXPIRED and accepted.status == Status.ACCEPTED
    assert kinds(open_one)[-1] == "vencida"
    # And it can be neither accepted nor invoiced
    with pytest.raises(QuotationRefused, match="venció el 25/11/2026"):
        quotation_accept(quotation=open_one, name="Rosa Huamán", today=dt.date(2026, 11, 26))
    with pytest.raises(QuotationRefused, match="venció el 25/11/2026: no se puede facturar"):
        quotation_convert(company=issuer, user=seller, quotation_id=open_one.pk,
                          data=ConvertInput("01", "F001", {open_one.lines.get().pk: Decimal("1")}),
                          today=dt.date(2026, 11, 26))


def test_expiry_on_read_through_the_private_link(issuer, seller, customer, rice):
    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice)], valid_days=5))
    found = public_get(quotation.token, today=dt.date(2026, 11, 26))
    assert found.status == Status.EXPIRED
    assert public_get(quotation.token[:-1] + ("A" if quotation.token[-1] != "A" else "B")) is None
    assert public_get("") is None


def test_partial_then_full_conversion_and_no_third_time(issuer, seller, customer, rice):
    # Given an accepted quotation for ten bags
    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice, "10")]))
    quotation_accept(quotation=quotation, name="Rosa Huamán", today=TODAY)
    line = quotation.lines.get()
    # When four are invoiced
    first = quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                              data=ConvertInput("01", "F001", {line.pk: Decimal("4")}))
    # Then a factura for 4 × 23.60 = 94.40 is issued and six remain
    assert (first.document_id, first.total, first.total_igv) == ("F001-1", Decimal("94.40"), Decimal("14.40"))
    assert first.customer == customer and first.lines.get().quantity == Decimal("4")
    quotation.refresh_from_db()
    line.refresh_from_db()
    assert quotation.status == Status.PARTLY_INVOICED and line.remaining == Decimal("6")
    # More than what remains is refused, naming the line
    with pytest.raises(QuotationRefused, match="quedan 6 por facturar; no se puede facturar 7"):
        quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                          data=ConvertInput("01", "F001", {line.pk: Decimal("7")}))
    # The rest: 6 × 23.60 = 141.60, and the quotation is fully invoiced
    second = quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                               data=ConvertInput("01", "F001", {line.pk: Decimal("6")}))
    assert (second.document_id, second.total) == ("F001-2", Decimal("141.60"))
    quotation.refresh_from_db()
    assert quotation.status == Status.INVOICED
    assert list(quotation.documents.values_list("document_id", flat=True)) == [first.pk, second.pk]
    assert kinds(quotation)[-2:] == ["facturada", "facturada"]
    # A third time is refused with a clear message, and no number is burnt
    with pytest.raises(QuotationRefused, match="ya fue facturada por completo"):
        quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                          data=ConvertInput("01", "F001", {line.pk: Decimal("1")}))
    assert SaleDocument.objects.count() == 2


def test_a_refused_sale_leaves_the_quantities_untouched(issuer, seller, person, rice):
    # Given a quotation to a person with a DNI (a factura needs a RUC)
    quotation = make_quotation(issuer, seller, person, [rice_line(rice, "2")])
    line = quotation.lines.get()
    with pytest.raises(QuotationRefused, match="factura exige un cliente con RUC"):
        quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                          data=ConvertInput("01", "F001", {line.pk: Decimal("2")}))
    line.refresh_from_db()
    assert line.invoiced_quantity == 0 and not QuotationDocument.objects.exists()
    # A boleta is fine: 2 × 23.60 = 47.20
    boleta = quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                               data=ConvertInput("03", "B001", {line.pk: Decimal("2")}))
    assert (boleta.document_id, boleta.total, boleta.customer_name) == ("B001-1", Decimal("47.20"),
                                                                         "María Quispe Mamani")


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_conversions_never_go_beyond_the_quantities(issuer, seller, customer, rice):
    # Given a quotation for ten bags, and two users invoicing all ten at the same moment
    quotation = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice, "10")]))
    line = quotation.lines.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def convert():
        try:
            barrier.wait()
            outcomes.append(quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                                              data=ConvertInput("01", "F001", {line.pk: Decimal("10")})))
        except QuotationRefused as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then exactly one factura exists and the other got a clear refusal
    documents = [o for o in outcomes if isinstance(o, SaleDocument)]
    refusals = [o for o in outcomes if isinstance(o, QuotationRefused)]
    assert len(documents) == 1 and len(refusals) == 1, outcomes
    assert SaleDocument.objects.count() == 1
    line.refresh_from_db()
    assert line.invoiced_quantity == Decimal("10")


@pytest.mark.django_db(transaction=True)
def test_the_daily_sweep_is_queued_once_and_expires_what_is_due(issuer, seller, customer, rice, smtp_inbox):
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from yupana.quotations.services import quotation_send

    # Given two quotations sent (the first send queues the daily sweep; the second adds no other)
    for _ in range(2):
        quotation = make_quotation(issuer, seller, customer, [rice_line(rice)], valid_days=1,
                                   today=timezone.localdate() - dt.timedelta(days=3))
        quotation.valid_until = timezone.localdate() + dt.timedelta(days=1)
        quotation.save()
        quotation_send(company=issuer, user=seller, quotation_id=quotation.pk, to=["compras@spsa.pe"])
    waiting = DBTaskResult.objects.filter(task_path="yupana.quotations.tasks.quotations_expire_daily", status="READY")
    assert waiting.count() == 1
    # The management command does the same sweep by hand: nothing is due yet
    from io import StringIO

    out = StringIO()
    call_command("expire_quotations", stdout=out)
    assert out.getvalue().strip() == "0 cotizaciones vencidas."
    Quotation.objects.update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    out = StringIO()
    call_command("expire_quotations", stdout=out)
    assert out.getvalue().strip() == "2 cotizaciones vencidas."


def test_a_dollar_quotation_becomes_a_dollar_factura_with_its_exchange_rate(issuer, seller, customer, rice):
    # Given a quotation in dollars: 2 × US$ 11.80 = US$ 23.60 (20.00 + 3.60 IGV)
    quotation = make_quotation(issuer, seller, customer, [rice_line(rice, "2", price="11.80")], currency="USD")
    assert (quotation.currency, quotation.total, quotation.total_igv) == ("USD", Decimal("23.60"), Decimal("3.60"))
    line = quotation.lines.get()
    with pytest.raises(QuotationRefused, match="tipo de cambio"):
        quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                          data=ConvertInput("01", "F001", {line.pk: Decimal("2")}))
    document = quotation_convert(company=issuer, user=seller, quotation_id=quotation.pk,
                                 data=ConvertInput("01", "F001", {line.pk: Decimal("2")},
                                                   exchange_rate=Decimal("3.750")))
    assert (document.currency, document.total, document.exchange_rate) == ("USD", Decimal("23.60"),
                                                                           Decimal("3.750"))
