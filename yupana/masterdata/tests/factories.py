"""Test data for master data: companies on the Básico or Premium plan, and their users."""

from __future__ import annotations

import itertools

from yupana.accounts.models import Membership, Role, User
from yupana.companies.models import Company, Plan

# Real-format RUCs with a valid check digit.
VALID_RUCS = ("20100070970", "20131312955", "20100047218", "20601234565", "10456789019")
_seq = itertools.count(1)


def make_plan(*, premium: bool) -> Plan:
    name = "Premium" if premium else "Básico"
    plan, _ = Plan.objects.get_or_create(
        name=name, defaults={"max_sessions": 10 if premium else 2, "stock_control": premium, "credit_control": premium})
    return plan


def make_company(*, ruc: str = "20100070970", premium: bool = True, name: str = "") -> Company:
    return Company.objects.create(
        ruc=ruc, business_name=name or f"Empresa {ruc} S.A.C.", ubigeo="150101", address="Av. Abancay 100",
        district="Lima", province="Lima", department="Lima", plan=make_plan(premium=premium))


def make_user(company: Company, *, role: str = Role.ADMIN, email: str = "", password: str = "clave-segura-123") -> User:
    email = email or f"usuario{next(_seq)}@{company.ruc}.pe"
    user = User.objects.create_user(email=email, password=password)
    Membership.objects.create(company=company, user=user, role=role)
    return user
