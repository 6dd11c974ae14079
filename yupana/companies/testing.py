"""Factories for tests of every app: companies, users with a role, and signed-in clients.

Plain functions (no factory library): each makes valid rows with the fewest arguments.
"""

from __future__ import annotations

import itertools

from stdnum.pe import ruc as stdnum_ruc

from .models import Company, DocumentType, Plan, Series

_counter = itertools.count(1)
TEST_PASSWORD = "Clave-de-prueba-2026"


def next_ruc(prefix: str = "20") -> str:
    """A new valid RUC (check digit computed) for each call."""
    body = f"{prefix}{next(_counter) + 600000:08d}"[:10]
    return body + stdnum_ruc.calc_check_digit(body)


PLAN_DEFAULTS = {
    "Básico": {"max_sessions": 1, "stock_control": False, "credit_control": False},
    "Premium": {"max_sessions": 3, "stock_control": True, "credit_control": True},
}


def plan(name: str = "Premium") -> Plan:
    """The plans come from the data migration (Básico = 1 session, Premium = 3); transactional tests
    flush them, so they are made again here with the same values."""
    return Plan.objects.get_or_create(name=name, defaults=PLAN_DEFAULTS.get(name, {"max_sessions": 1}))[0]


def make_company(*, plan_name: str = "Premium", ruc: str | None = None, business_name: str | None = None,
                 **fields) -> Company:
    ruc = ruc or next_ruc()
    company = Company(
        ruc=ruc,
        business_name=business_name or f"Empresa {ruc} S.A.C.",
        ubigeo="150101",
        address="Av. Arequipa 123",
        district="Lima",
        province="Lima",
        department="Lima",
        plan=plan(plan_name),
        **fields,
    )
    company.full_clean()
    company.save()
    return company


def make_series(company: Company, code: str = "F001", document_type: str = DocumentType.FACTURA,
                **fields) -> Series:
    return Series.objects.create(company=company, code=code, document_type=document_type, **fields)


def make_user(company: Company | None = None, *, role: str = "administrador", email: str | None = None,
              password: str = TEST_PASSWORD, full_name: str | None = None, **fields):
    """A user with a membership in `company` (no company: a platform operator is made with is_staff)."""
    from yupana.accounts.models import Membership, User

    number = next(_counter)
    email = email or f"usuario{number}@example.pe"
    user = User.objects.create_user(email=email, password=password, full_name=full_name or f"Usuario {number}",
                                    **fields)
    if company is not None:
        Membership.objects.create(company=company, user=user, role=role)
    return user


def login_client(client, user, password: str = TEST_PASSWORD):
    """Sign in through the real login view, so the session is tracked and counted like a browser's."""
    from django.urls import reverse

    response = client.post(reverse("accounts:login"), {"email": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client
