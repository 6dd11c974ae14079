"""Test data for master data, on top of the foundation's factories (yupana.companies.testing)."""

from __future__ import annotations

from yupana.companies import testing


def make_company(*, ruc: str | None = None, premium: bool = True, name: str = ""):
    """A company on the Premium plan (credit and stock control) or on Básico (neither)."""
    return testing.make_company(plan_name="Premium" if premium else "Básico", ruc=ruc, business_name=name or None)


def make_user(company, *, role: str = "administrador", email: str | None = None):
    return testing.make_user(company, role=role, email=email)


login_client = testing.login_client
