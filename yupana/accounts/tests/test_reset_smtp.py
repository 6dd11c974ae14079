"""Password reset mail goes out through a real SMTP server on localhost (aiosmtpd)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_reset_link_arrives_by_smtp(client, admin_user, smtp_inbox):
    response = client.post(reverse("accounts:password_reset"), {"email": admin_user.email})
    assert response.status_code == 302
    assert len(smtp_inbox.messages) == 1
    assert smtp_inbox.envelopes[0][1] == ["admin@andina.pe"]
    body = smtp_inbox.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "/contrasena/restablecer/" in body and "Hola Ana" in body


def test_unknown_email_sends_nothing_and_says_the_same(client, smtp_inbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nadie@x.pe"}, follow=True)
    assert "Revise su correo" in response.content.decode()
    assert smtp_inbox.messages == []
