"""The home page's dashboard: today's and this month's sales, pending and rejected, the per-day chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from yupana.delivery.tests.factories import issue_factura
from yupana.einvoicing.models import ElectronicDocument
from yupana.reports.chart import bars_svg
from yupana.reports.selectors import dashboard

pytestmark = pytest.mark.django_db
D = Decimal


def test_figures_in_soles_without_rejected_documents(issuer, customer, rice):
    today = timezone.localdate()
    # Given 47.20 today, 23.60 two days ago (if still this month) and a rejected 70.80 today
    issue_factura(issuer, customer, rice, quantity="2")
    earlier = today - dt.timedelta(days=2)
    issue_factura(issuer, customer, rice, quantity="1", issue_date=earlier)
    rejected = issue_factura(issuer, customer, rice, quantity="3")
    rejected.electronic.status = "rechazado"
    rejected.electronic.save()
    figures = dashboard(company=issuer, today=today)
    assert (figures.today_total, figures.today_count) == (D("47.20"), 1)
    expected_month = D("70.80") if earlier.month == today.month else D("47.20")
    assert figures.month_total == expected_month
    assert figures.pending == 2 and figures.rejected == 1
    per_day = dict(figures.per_day)
    assert len(figures.per_day) == 30 and per_day[today] == D("47.20") and per_day[earlier] == D("23.60")


def test_panel_says_what_to_do_and_draws_an_svg_chart(issuer_client, issuer, customer, rice):
    rejected = issue_factura(issuer, customer, rice)
    rejected.electronic.status = "rechazado"
    rejected.electronic.save()
    issue_factura(issuer, customer, rice)
    response = issuer_client.get(reverse("reports:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "Ventas por día" in body
    assert "emita un comprobante nuevo" in body  # what to do with a rejection
    assert "Se envían solos" in body  # and with pending ones
    # The home page loads the panel
    home = issuer_client.get("/")
    assert 'hx-get="/reportes/panel/"' in home.content.decode()


def test_chart_bars_scale_to_the_peak():
    day = dt.date(2026, 11, 1)
    svg = bars_svg([(day, D("50")), (day + dt.timedelta(days=1), D("100")), (day + dt.timedelta(days=2), D("0"))])
    # usable height 180 - 16 - 22 = 142: the peak bar is full, the half bar is 71, zero is 0
    assert 'height="142.0"' in svg and 'height="71.0"' in svg and 'height="0.0"' in svg
    assert "Máximo: S/ 100.00" in svg


def test_pending_documents_show_the_first_sunat_deadline(issuer_client, issuer, customer, rice):
    today = timezone.localdate()
    issue_factura(issuer, customer, rice)                                              # due in 3 days
    two_days_ago = issue_factura(issuer, customer, rice, issue_date=today - dt.timedelta(days=2))  # due tomorrow
    figures = dashboard(company=issuer, today=today)
    assert figures.pending_due == (two_days_ago.document_id, today + dt.timedelta(days=1))
    page = issuer_client.get(reverse("reports:dashboard")).content.decode()
    assert f"Plazo de SUNAT: {two_days_ago.document_id} debe llegar a SUNAT a más tardar el " \
           f"{today + dt.timedelta(days=1):%d/%m/%Y}" in page
    # Once SUNAT has it, nothing is due
    ElectronicDocument.objects.filter(company=issuer).update(status="aceptado")
    assert dashboard(company=issuer, today=today).pending_due is None
    # A document past its window (a long SUNAT outage) is called out, with what to do
    late = issue_factura(issuer, customer, rice, issue_date=today - dt.timedelta(days=3))
    page = issuer_client.get(reverse("reports:dashboard")).content.decode()
    assert late.document_id in page and "debe llegar a SUNAT a más tardar el" in page
    later = dashboard(company=issuer, today=today + dt.timedelta(days=1))
    assert later.pending_due == (late.document_id, today)
    from django.template.loader import render_to_string

    panel = render_to_string("reports/partials/dashboard.html", {"d": later, "chart": ""})
    assert f"{late.document_id} está fuera del plazo de envío de SUNAT (venció el {today:%d/%m/%Y})" in panel
    assert "emita la venta de nuevo con fecha de hoy" in panel


def test_boletas_waiting_for_the_daily_summary_are_not_a_connection_problem(issuer_client, issuer, person, rice):
    from yupana.companies.models import BoletaDispatch
    from yupana.sales.inputs import LineInput, SaleInput
    from yupana.sales.services import sale_issue

    issuer.boleta_dispatch = BoletaDispatch.SUMMARY
    issuer.save()
    sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="03", series_code="B001", customer_id=person.pk,
        lines=[LineInput(description="", quantity=D("1"), unit_price=rice.price, product_id=rice.pk)]))
    figures = dashboard(company=issuer, today=timezone.localdate())
    assert (figures.pending, figures.pending_in_summary, figures.pending_oldest, figures.pending_due) == (1, 1, None, None)
    body = issuer_client.get(reverse("reports:dashboard")).content.decode()
    assert "1 boleta (o sus notas) va en el resumen diario" in body
    assert "revise la conexión" not in body

