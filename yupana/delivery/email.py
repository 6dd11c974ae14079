"""Send an e-mail with attachments through Django's configured backend and say what happened.

Reused by quotations and account statements: callers build the text, this sends and returns an
``Outcome`` (never raises for an SMTP problem), so the caller can write it to its own timeline.
"""

from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


@dataclass(frozen=True)
class Outcome:
    sent: bool
    error: str = ""


def sender_for(company) -> str:
    """From the company's name, at the platform's address (the domain we may send for)."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((company.display_name, address or "no-responder@yupana.local"))


def send_with_attachments(*, subject: str, body: str, to: list[str], from_email: str,
                          attachments: list[tuple[str, bytes, str]], reply_to: list[str] | None = None) -> Outcome:
    message = EmailMessage(subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or None,
                           connection=get_connection(fail_silently=False))
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        return Outcome(False, "El servidor de correo rechazó el destinatario: " + ", ".join(exc.recipients))
    except smtplib.SMTPException as exc:
        return Outcome(False, f"El servidor de correo respondió con un error: {exc}")
    except (OSError, socket.timeout) as exc:
        return Outcome(False, f"No se pudo conectar con el servidor de correo: {exc}")
    return Outcome(True)
