"""Test data for master data, on top of the foundation's factories (yupana.companies.testing)."""

from __future__ import annotations

from yupana.companies import testing
from yupana.companies.models import Plan


def make_company(*, ruc: str | None = None, premium: bool = True, name: str = ""):
    """A company on the Premium plan (credit and stock control) or on Básico (neither).

    The plans come from a data migration, which transactional tests (the browser's) flush away."""
    Plan.objects.get_or_create(name="Premium", defaults={"max_sessions": 3, "stock_control": True,
                                                         "credit_control": True})
    Plan.objects.get_or_create(name="Básico", defaults={"max_sessions": 1})
    return testing.make_company(plan_name="Premium" if premium else "Básico", ruc=ruc, business_name=name or None)


def make_user(company, *, role: str = "administrador", email: str | None = None):
    return testing.make_user(company, role=role, email=email)


login_client = testing.login_client
