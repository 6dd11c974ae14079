"""The private statement link: an unguessable token per customer, opened without signing in."""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.urls import reverse

from .models import StatementLink


def public_base_url() -> str:
    """Where customers reach Yupana (``YUPANA_PUBLIC_URL``, as delivery's printed documents)."""
    return (getattr(settings, "YUPANA_PUBLIC_URL", "") or os.environ.get("YUPANA_PUBLIC_URL")
            or "http://localhost:8000").rstrip("/")


def statement_link_get(*, company, customer) -> StatementLink:
    """The customer's link, created on first use (256 random bits in the URL)."""
    link = StatementLink.objects.for_company(company).filter(customer=customer).first()
    if link is None:
        link = StatementLink.objects.create(company=company, customer=customer, token=secrets.token_urlsafe(32))
    return link


def statement_link_rotate(*, company, customer) -> StatementLink:
    """A new token: the old link stops working (a link sent to the wrong person)."""
    link = statement_link_get(company=company, customer=customer)
    link.token = secrets.token_urlsafe(32)
    link.save(update_fields=["token"])
    return link


def statement_url(link: StatementLink, *, absolute: bool = True) -> str:
    path = reverse("receivables:public_statement", args=[link.token])
    return public_base_url() + path if absolute else path
