"""The platform operator creates companies, assigns plans and creates a company's first admin."""

import pytest
from django.urls import reverse

from yupana.accounts.models import Membership, User
from yupana.companies.models import Company, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client):
    User.objects.create_superuser(email="operador@yupana.pe", password="Operador-2026", full_name="Operador")
    client.post(reverse("accounts:login"), {"email": "operador@yupana.pe", "password": "Operador-2026"})
    return client


def test_operator_creates_a_company_on_a_plan_and_its_admin(operator_client):
    basico = Plan.objects.get(name="Básico")
    response = operator_client.post(reverse("admin:companies_company_add"), {
        "ruc": "20600000005", "business_name": "Nueva Empresa S.A.C.", "trade_name": "", "plan": basico.pk,
        "is_active": "on", "ubigeo": "040101", "address": "Calle Mercaderes 1", "urbanization": "",
        "district": "Arequipa", "province": "Arequipa", "department": "Arequipa", "establishment_code": "0000",
        "email": "", "phone": "", "igv_regime": "general", "sunat_environment": "simulador", "ose_url": "",
        "sol_user": "", "credit_policy": "bloquear", "stock_policy": "bloquear", "boleta_dispatch": "resumen",
    })
    assert response.status_code == 302, [l for l in response.content.decode().splitlines() if "errorlist" in l or "errornote" in l]
    company = Company.objects.get(ruc="20600000005")
    assert company.plan == basico
    response = operator_client.post(reverse("admin:accounts_user_add"), {
        "email": "gerente@nueva.pe", "full_name": "Gerente", "usable_password": "true",
        "password1": "Gerente-Clave-2026", "password2": "Gerente-Clave-2026",
        "membership-TOTAL_FORMS": "1", "membership-INITIAL_FORMS": "0", "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1", "membership-0-company": company.pk, "membership-0-role": "administrador",
    })
    assert response.status_code == 302, [l for l in response.content.decode().splitlines() if "errorlist" in l or "errornote" in l]
    assert Membership.objects.get(user__email="gerente@nueva.pe").company == company


def test_operator_has_no_company_and_lands_in_the_admin(operator_client):
    response = operator_client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_company_users_cannot_open_the_operator_admin(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/plataforma/login/" in response["Location"]
