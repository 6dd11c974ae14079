"""The customer's page behind the private link (no sign-in), through Django's test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from yupana.quotations.models import Notification, Status

from .factories import make_quotation, mark_sent, rice_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def sent(issuer, seller, customer, rice, today):
    return mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice, "10")], today=today))


def url(quotation, token=None):
    return reverse("quotations:public", args=[token or quotation.token])


def test_customer_sees_the_quotation_and_opening_it_marks_it_seen(client, sent):
    response = client.get(url(sent))
    body = response.content.decode()
    assert response.status_code == 200
    assert "COT-000001" in body and "Supermercados Peruanos S.A." in body and "S/ 236.00" in body
    assert 'id="accept-button"' in body
    sent.refresh_from_db()
    assert sent.status == Status.VIEWED and sent.viewed_at is not None
    assert sent.events.filter(kind="vista").count() == 1
    client.get(url(sent))  # a second visit adds no event
    assert sent.events.filter(kind="vista").count() == 1


def test_accept_records_name_and_time(client, sent):
    response = client.post(url(sent), {"action": "aceptar", "name": "Rosa Huamán Torres"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED and sent.accepted_by == "Rosa Huamán Torres"
    page = client.get(url(sent)).content.decode()
    assert "Cotización aceptada por Rosa Huamán Torres" in page and 'id="accept-button"' not in page
    assert Notification.objects.filter(quotation=sent).count() == 1


def test_accept_without_a_name_is_explained(client, sent):
    response = client.post(url(sent), {"action": "aceptar", "name": ""})
    assert response.status_code == 422
    assert "Nombre: escriba su nombre completo para aceptar." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_reject_with_reason_and_ask_for_changes(client, sent):
    client.post(url(sent), {"action": "cambios", "comment": "Necesito 12 bolsas"})
    sent.refresh_from_db()
    assert sent.status == Status.SENT and "Pidió cambios" in client.get(url(sent)).content.decode()
    response = client.post(url(sent), {"action": "rechazar", "reason": "Precio alto"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Status.REJECTED and sent.answer_text == "Precio alto"
    assert "Usted rechazó esta cotización: Precio alto" in client.get(url(sent)).content.decode()


def test_expired_link_shows_nothing_of_the_quotation(client, issuer, seller, customer, rice, today):
    old = mark_sent(make_quotation(issuer, seller, customer, [rice_line(rice)], today=today - dt.timedelta(days=20),
                                   valid_days=5))
    response = client.get(url(old))
    body = response.content.decode()
    assert response.status_code == 410 and "venció" in body
    assert "Supermercados" not in body and "23.60" not in body
    old.refresh_from_db()
    assert old.status == Status.EXPIRED
    assert client.post(url(old), {"action": "aceptar", "name": "Rosa Huamán"}).status_code == 410
    old.refresh_from_db()
    assert old.status == Status.EXPIRED


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 200])
def test_wrong_or_tampered_token_shows_nothing(client, sent, token):
    response = client.get(reverse("quotations:public", args=[token]))
    assert response.status_code == 404
    assert "Supermercados" not in response.content.decode()


def test_tampered_token_one_character_changed(client, sent):
    token = sent.token[:-1] + ("A" if sent.token[-1] != "A" else "B")
    assert client.get(url(sent, token)).status_code == 404
    assert client.post(url(sent, token), {"action": "aceptar", "name": "Intruso"}).status_code == 404
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_a_draft_never_sent_is_not_reachable(client, issuer, seller, customer, rice, today):
    draft = make_quotation(issuer, seller, customer, [rice_line(rice)], today=today)
    assert client.get(url(draft)).status_code == 404


def test_pdf_from_the_link(client, sent):
    response = client.get(reverse("quotations:public_pdf", args=[sent.token]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_too_many_requests_from_one_address_are_refused(client, sent):
    from django.core.cache import cache

    cache.clear()
    for _ in range(60):
        client.get(reverse("quotations:public", args=["adivinando"]))
    response = client.get(url(sent))
    assert response.status_code == 429 and "Supermercados" not in response.content.decode()
    cache.clear()
