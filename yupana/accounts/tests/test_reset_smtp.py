"""Password reset mail goes out through a real SMTP server on localhost (aiosmtpd)."""

import email
import socket

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


def test_reset_link_arrives_by_smtp(client, admin_user, smtp_server):
    response = client.post(reverse("accounts:password_reset"), {"email": admin_user.email})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["admin@andina.pe"]
    message = email.message_from_bytes(envelope.content)
    body = message.get_payload(decode=True).decode()
    assert "/contrasena/restablecer/" in body and "Hola Ana" in body


def test_unknown_email_sends_nothing_and_says_the_same(client, smtp_server):
    response = client.post(reverse("accounts:password_reset"), {"email": "nadie@x.pe"}, follow=True)
    assert "Revise su correo" in response.content.decode()
    assert smtp_server.messages == []
