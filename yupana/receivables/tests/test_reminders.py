"""Reminders before and after the due date, with the clock pinned, received by a real SMTP server."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yupana.audit.models import AuditEntry
from yupana.receivables.models import Reminder
from yupana.receivables.reminders import parse_days, reminders_due, reminders_send
from yupana.receivables.selectors import settings_for
from yupana.receivables.services import payment_record
from yupana.receivables.tasks import next_morning
from yupana.web.smtp_testing import free_port

from .factories import credit_sale, make_buyer

D = Decimal


@pytest.fixture
def smtp_server(smtp_inbox, settings):
    settings.YUPANA_PUBLIC_URL = "https://app.yupana.pe"
    return smtp_inbox


@pytest.fixture
def schedule(issuer, buyer):
    # Cuotas due 10/12 (S/ 100.00) and 20/12 (S/ 200.00); reminders 3 days before and 1 and 7 days after
    sale = credit_sale(issuer, buyer, total="300.00", issued=dt.date(2026, 11, 1),
                       cuotas=[("100.00", dt.date(2026, 12, 10)), ("200.00", dt.date(2026, 12, 20))])
    config = settings_for(issuer)
    config.reminders_enabled, config.days_before, config.days_after = True, "3", "1,7"
    config.save()
    return sale


def due_on(issuer, day):
    return [(r.receivable.position, r.offset) for r in reminders_due(company=issuer, today=day)]


def test_which_reminders_fall_on_each_day(issuer, buyer, schedule):
    assert due_on(issuer, dt.date(2026, 12, 6)) == []
    assert due_on(issuer, dt.date(2026, 12, 7)) == [(1, -3)]
    assert due_on(issuer, dt.date(2026, 12, 11)) == [(1, 1)]
    assert due_on(issuer, dt.date(2026, 12, 17)) == [(1, 7), (2, -3)]
    # A paid cuota is not reminded
    payment_record(company=issuer, user=None, customer=buyer, date=dt.date(2026, 12, 12), method="efectivo",
                   amount=D("100.00"), today=dt.date(2026, 12, 12))
    assert due_on(issuer, dt.date(2026, 12, 17)) == [(2, -3)]
    # Disabled: nothing
    config = settings_for(issuer)
    config.reminders_enabled = False
    config.save()
    assert due_on(issuer, dt.date(2026, 12, 17)) == []


def test_reminder_arrives_by_smtp_once_and_lands_on_the_timeline(issuer, buyer, schedule, smtp_server):
    # Given a customer without e-mail, who is never reminded
    quiet = make_buyer(issuer, ruc="20100070970", name="Sin Correo S.A.", emails="")
    credit_sale(issuer, quiet, total="50.00", issued=dt.date(2026, 11, 1), cuotas=[("50.00", dt.date(2026, 12, 20))])
    # When the 17/12 run goes (cuota 1 is 7 days late, cuota 2 is due in 3 days)
    assert reminders_send(company=issuer, today=dt.date(2026, 12, 17)) == 1
    assert len(smtp_server.messages) == 1
    assert smtp_server.envelopes[0][1] == ["pagos@distsur.pe"]
    message = smtp_server.messages[0]
    assert message["Subject"] == "Recordatorio de pago - Comercial Andina S.A.C."
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Estimado cliente Distribuidora Sur S.A.C.:" in body
    assert "- F001-1, cuota 1: saldo S/ 100.00, venció el 10/12/2026 (hace 7 días)." in body
    assert "- F001-1, cuota 2: saldo S/ 200.00, vence el 20/12/2026 (en 3 días)." in body
    assert "https://app.yupana.pe/cobranzas/estado/" in body
    # The same day again sends nothing
    assert reminders_send(company=issuer, today=dt.date(2026, 12, 17)) == 0
    assert len(smtp_server.messages) == 1
    assert Reminder.objects.filter(customer=buyer).count() == 2
    entry = AuditEntry.objects.get(action="recordatorio de pago", object_id=str(buyer.pk))
    assert entry.changes["resultado"] == [None, "enviado"]
    assert entry.changes["cuotas"] == [None, "F001-1 cuota 1, F001-1 cuota 2"]


def test_a_refused_mail_is_recorded_not_raised(issuer, buyer, schedule, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    assert reminders_send(company=issuer, today=dt.date(2026, 12, 7)) == 0
    reminder = Reminder.objects.get()
    assert not reminder.ok and "No se pudo conectar" in reminder.error
    # The next run tries again (and fails again, still one row)
    assert due_on(issuer, dt.date(2026, 12, 7)) == [(1, -3)]
    reminders_send(company=issuer, today=dt.date(2026, 12, 7))
    assert Reminder.objects.count() == 1


def test_daily_task_runs_at_eight_in_lima():
    from zoneinfo import ZoneInfo

    lima = ZoneInfo("America/Lima")
    assert next_morning(dt.datetime(2026, 12, 17, 7, 59, tzinfo=lima)) == dt.datetime(2026, 12, 17, 8, 0, tzinfo=lima)
    assert next_morning(dt.datetime(2026, 12, 17, 8, 0, tzinfo=lima)) == dt.datetime(2026, 12, 18, 8, 0, tzinfo=lima)


def test_parse_days():
    assert parse_days("7, 1,1") == [1, 7]
    with pytest.raises(ValueError, match="«-2» no es un número de días válido"):
        parse_days("-2")
