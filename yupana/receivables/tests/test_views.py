"""The screens: recording a payment through the form, statements in three formats, the private link,
reversal, batch statements run by the real worker command, settings and permissions."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from yupana.receivables.models import Payment, StatementLink, StatementRun
from yupana.receivables.services import payment_record

from .factories import credit_sale, make_buyer

D = Decimal


@pytest.fixture
def owed(issuer, buyer):
    today = timezone.localdate()
    sale = credit_sale(issuer, buyer, total="300.00", issued=today - dt.timedelta(days=40),
                       cuotas=[("100.00", today - dt.timedelta(days=10)), ("200.00", today + dt.timedelta(days=20))])
    return sale


def test_overview_shows_dashboard_and_aging(cashier_client, owed):
    response = cashier_client.get(reverse("receivables:receivable_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="total">S/ 300.00' in page and 'data-figure="overdue"><strong class="text-danger">S/ 100.00' in page
    assert "Distribuidora Sur S.A.C." in page


def test_home_page_loads_the_receivables_box(cashier_client, owed):
    # Given a customer owing 300.00, 100.00 of it overdue
    # When the home page loads its boxes
    home = cashier_client.get("/").content.decode()
    panel = cashier_client.get(reverse("receivables:dashboard_panel"))
    # Then the home page asks for the panel, and the panel shows the figures
    assert 'hx-get="/cobranzas/panel/"' in home
    page = panel.content.decode()
    assert panel.status_code == 200
    assert 'data-figure="total">S/ 300.00' in page and "S/ 100.00" in page


def test_payment_form_applies_oldest_first_and_refuses_a_resubmission(cashier_client, buyer, owed):
    url = reverse("receivables:payment_create", args=[buyer.pk])
    form = cashier_client.get(url)
    token = form.context["form"].initial["token"]
    data = {"date": timezone.localdate().isoformat(), "method": "yape_plin", "reference": "", "currency": "PEN",
            "amount": "150.00", "mode": "auto", "token": token}
    response = cashier_client.post(url, data, follow=True)
    assert "Recibo N° 000001 por S/ 150.00; aplicado a F001-1 · cuota 1 (S/ 100.00), F001-1 · cuota 2 (S/ 50.00)" \
        in response.content.decode()
    again = cashier_client.post(url, data)
    assert again.status_code == 422
    assert "Este pago ya fue registrado (Recibo N° 000001)" in again.content.decode()
    assert Payment.objects.count() == 1


def test_payment_form_chosen_amount_over_the_balance_names_the_cuota(cashier_client, buyer, owed):
    second = owed.receivables.get(position=2)
    url = reverse("receivables:payment_create", args=[buyer.pk])
    response = cashier_client.post(url, {"date": timezone.localdate().isoformat(), "method": "efectivo",
                                         "currency": "PEN", "amount": "500.00", "mode": "chosen",
                                         f"aplicar_{second.pk}": "250.00", "token": "t1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "El monto aplicado a F001-1 · cuota 2 (S/ 250.00) supera su saldo (S/ 200.00)." in page
    assert 'value="250.00"' in page  # what the user typed stays
    assert Payment.objects.count() == 0


def test_statement_screen_pdf_and_excel(cashier_client, issuer, buyer, owed):
    payment_record(company=issuer, user=None, customer=buyer, date=timezone.localdate(), method="efectivo",
                   amount=D("120.00"))
    url = reverse("receivables:statement", args=[buyer.pk])
    page = cashier_client.get(url).content.decode()
    assert 'data-figure="closing">S/ 180.00' in page
    pdf = cashier_client.get(reverse("receivables:statement_export", args=[buyer.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = cashier_client.get(reverse("receivables:statement_export", args=[buyer.pk, "xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[1] == "Saldo final"]
    assert rows[0][5:8] == (300, 120, 180)


def test_private_link_opens_without_signing_in_and_can_be_replaced(cashier_client, client, issuer, buyer, owed):
    cashier_client.post(reverse("receivables:statement_link", args=[buyer.pk]))
    link = StatementLink.objects.get(customer=buyer)
    assert len(link.token) >= 40
    cashier_client.logout()
    public = client.get(reverse("receivables:public_statement", args=[link.token]))
    assert public.status_code == 200
    assert 'data-figure="closing">S/ 300.00' in public.content.decode()
    assert public["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(reverse("receivables:public_statement_pdf", args=[link.token])).content.startswith(b"%PDF")
    assert client.get(reverse("receivables:public_statement", args=["x" * 43])).status_code == 404
    from yupana.receivables.links import statement_link_rotate

    statement_link_rotate(company=issuer, customer=buyer)
    assert client.get(reverse("receivables:public_statement", args=[link.token])).status_code == 404


def test_reverse_and_receipt(cashier_client, issuer, buyer, owed):
    payment = payment_record(company=issuer, user=None, customer=buyer, date=timezone.localdate(),
                             method="cheque", reference="CH-0001", amount=D("100.00"))
    receipt = cashier_client.get(reverse("receivables:payment_receipt", args=[payment.pk]))
    assert receipt.content.startswith(b"%PDF")
    url = reverse("receivables:payment_reverse", args=[payment.pk])
    page = cashier_client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "Indique el motivo de la anulación" in page
    page = cashier_client.post(url, {"reason": "Cheque devuelto"}, follow=True).content.decode()
    assert "anulado: sus cuotas vuelven a estar pendientes" in page
    assert owed.receivables.get(position=1).balance == D("100.00")


def test_accountant_reads_but_cannot_record(client, issuer, buyer, owed):
    from yupana.companies.testing import login_client, make_user

    login_client(client, make_user(issuer, role="contador", email="conta@andina.pe"))
    assert client.get(reverse("receivables:customer_account", args=[buyer.pk])).status_code == 200
    response = client.post(reverse("receivables:payment_create", args=[buyer.pk]), {"amount": "1"})
    assert response.status_code == 403


def test_another_companys_customer_is_a_404(cashier_client):
    from yupana.companies.testing import make_company

    other = make_company(business_name="Otra S.A.C.")
    stranger = make_buyer(other)
    assert cashier_client.get(reverse("receivables:customer_account", args=[stranger.pk])).status_code == 404
    assert cashier_client.get(reverse("receivables:statement", args=[stranger.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_batch_statements_as_zip_and_workbook(cashier_client, issuer, buyer, owed):
    second = make_buyer(issuer, ruc="20100070970", name="Almacenes Lima S.A.")
    credit_sale(issuer, second, total="50.00", issued=timezone.localdate() - dt.timedelta(days=5))
    today = timezone.localdate()
    for fmt in ("pdf", "xlsx"):
        response = cashier_client.post(reverse("receivables:run_create"), {
            "date_from": (today - dt.timedelta(days=60)).isoformat(), "date_to": today.isoformat(),
            "scope": "balance", "seller": "", "fmt": fmt})
        run = StatementRun.objects.latest("id")
        assert response.url == reverse("receivables:run_detail", args=[run.pk])
        progress = cashier_client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
        assert 'hx-trigger="every 1s"' in progress and "En cola" in progress
        call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload", verbosity=0)
        run.refresh_from_db()
        assert (run.status, run.total, run.done, run.percent) == ("listo", 2, 2, 100)
        download = cashier_client.get(reverse("receivables:run_download", args=[run.pk]))
        if fmt == "pdf":
            names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
            assert sorted(names) == [f"estado-de-cuenta-20100070970-{today:%Y%m%d}.pdf",
                                     f"estado-de-cuenta-20131312955-{today:%Y%m%d}.pdf"]
        else:
            from openpyxl import load_workbook

            assert load_workbook(io.BytesIO(download.content)).sheetnames == ["Almacenes Lima S.A.",
                                                                             "Distribuidora Sur S.A.C."]


def test_settings_refuse_bad_days(cashier_client):
    url = reverse("receivables:settings")
    response = cashier_client.post(url, {"overdue_policy": "bloquear", "days_before": "3, tres", "days_after": "1",
                                         "subject": "Pago", "text": "Hola"})
    assert "«tres» no es un número de días válido" in response.content.decode()
    response = cashier_client.post(url, {"overdue_policy": "bloquear", "reminders_enabled": "on", "days_before": "3",
                                         "days_after": "1,7", "subject": "Pago", "text": "Hola {cliente}"})
    assert response.status_code == 302


def test_customer_page_shows_credit_status(cashier_client, buyer, owed):
    page = cashier_client.get(reverse("masterdata:customer_detail", args=[buyer.pk])).content.decode()
    assert 'data-figure="limit">S/ 5,000.00' in page
    assert 'data-figure="used">S/ 300.00' in page
    assert 'data-figure="available">S/ 4,700.00' in page
    assert "S/ 100.00</span> en 1 cuota" in page
    panel = cashier_client.get(reverse("receivables:credit_panel", args=[buyer.pk])).content.decode()
    assert 'data-figure="overdue"' in panel and "Ver cuenta del cliente" not in panel


def test_sale_form_credit_box(cashier_client, buyer, owed):
    url = reverse("receivables:sale_credit")
    assert cashier_client.get(url, {"customer_id": ""}).content == b""
    page = cashier_client.get(url, {"customer_id": buyer.pk}).content.decode()
    assert 'data-figure="available">S/ 4,700.00' in page and "S/ 100.00</span> en 1 cuota" in page
    form = cashier_client.get(reverse("sales:sale_create")).content.decode()
    assert reverse("receivables:sale_credit") in form


def test_aging_exports(cashier_client, owed):
    from openpyxl import load_workbook

    xlsx = cashier_client.get(reverse("receivables:aging_export", args=["xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("Documento", "Cliente", "Por vencer", "1–30 días", "31–60 días", "61–90 días",
                       "Más de 90 días", "Total")
    assert rows[2] == ("20131312955", "Distribuidora Sur S.A.C.", 200, 100, 0, 0, 0, 300)
    assert rows[3][1:] == ("Total", 200, 100, 0, 0, 0, 300)
    pdf = cashier_client.get(reverse("receivables:aging_export", args=["pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_payments_are_on_the_customers_history(cashier_client, issuer, buyer, owed, cashier):
    payment_record(company=issuer, user=cashier, customer=buyer, date=timezone.localdate(), method="tarjeta",
                   reference="VISA-1", amount=D("50.00"))
    page = cashier_client.get(reverse("masterdata:customer_detail", args=[buyer.pk])).content.decode()
    assert "<strong>Cobranza</strong>" in page
    assert "recibo: — → Recibo N° 000001" in page and "importe: — → S/ 50.00" in page


def test_sale_document_page_shows_paid_when_every_cuota_is_paid(cashier_client, issuer, buyer, owed):
    url = reverse("sales:document_detail", args=[owed.pk])
    assert 'data-collection="vencido"' in cashier_client.get(url).content.decode()
    payment_record(company=issuer, user=None, customer=buyer, date=timezone.localdate(), method="efectivo",
                   amount=D("100.00"))
    page = cashier_client.get(url).content.decode()
    assert 'data-collection="pendiente"' in page and "Cuota 1 · vence" in page and "· pagada" in page
    payment_record(company=issuer, user=None, customer=buyer, date=timezone.localdate(), method="efectivo",
                   amount=D("200.00"))
    assert 'data-collection="pagado">Pagado' in cashier_client.get(url).content.decode()
