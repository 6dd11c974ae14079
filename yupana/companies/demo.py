"""The demo company for `make run` and `yupana setup-demo`: created once, kept on later runs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .models import Company, DocumentType, Plan, Series, SunatEnvironment

DEMO_RUC = "20123456786"
DEMO_PASSWORD = "Yupana-Demo-2026"
DEMO_USERS = [
    ("admin@demo.pe", "Ana Administradora", "administrador"),
    ("vendedor@demo.pe", "Víctor Vendedor", "vendedor"),
    ("contador@demo.pe", "Carla Contadora", "contador"),
]
DEMO_SERIES = [
    (DocumentType.FACTURA, "F001"),
    (DocumentType.BOLETA, "B001"),
    (DocumentType.CREDIT_NOTE, "FC01"),
    (DocumentType.CREDIT_NOTE, "BC01"),
    (DocumentType.DEBIT_NOTE, "FD01"),
    (DocumentType.DEBIT_NOTE, "BD01"),
]
# The simulator's default account (see yupana.simulator.testing).
DEMO_SOL_USER, DEMO_SOL_PASSWORD = "MODDATOS", "moddatos"


@dataclass(frozen=True)
class DemoResult:
    company: Company
    created: bool
    users: list[tuple[str, str]]  # (email, role)
    password: str


@transaction.atomic
def setup_demo() -> DemoResult:
    from yupana.accounts.models import Membership, User

    from .certificates import load_certificate, make_demo_pkcs12
    from . import crypto

    company = Company.objects.filter(ruc=DEMO_RUC).first()
    created = company is None
    if created:
        company = Company(
            ruc=DEMO_RUC,
            business_name="Comercial Demo Yupana S.A.C.",
            trade_name="Bodega Yupana",
            ubigeo="150101",
            address="Av. Abancay 123",
            urbanization="Cercado",
            district="Lima",
            province="Lima",
            department="Lima",
            email="ventas@demo.pe",
            phone="01 555 0101",
            plan=Plan.objects.get(name="Premium"),
            sunat_environment=SunatEnvironment.SIMULATOR,
            sol_user=DEMO_SOL_USER,
        )
        company.set_sol_password(DEMO_SOL_PASSWORD)
        company.full_clean()
        company.save()
    if not company.has_certificate:
        pfx, password = make_demo_pkcs12(company.ruc, company.business_name)
        info = load_certificate(pfx, password)
        company.certificate_encrypted = crypto.encrypt(pfx)
        company.certificate_password_encrypted = crypto.encrypt(password)
        company.certificate_subject = info.subject[:500]
        company.certificate_not_after = info.not_after
        from django.utils import timezone

        company.certificate_uploaded_at = timezone.now()
        company.save()
    for document_type, code in DEMO_SERIES:
        Series.objects.get_or_create(company=company, document_type=document_type, code=code)
    users = []
    for email, name, role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        Membership.objects.get_or_create(user=user, defaults={"company": company, "role": role})
        users.append((email, role))
    return DemoResult(company=company, created=created, users=users, password=DEMO_PASSWORD)
