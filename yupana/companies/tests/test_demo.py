import pytest
from django.test import Client
from django.urls import reverse

from yupana.accounts.models import Membership
from yupana.companies.certificates import load_certificate
from yupana.companies.demo import DEMO_PASSWORD, DEMO_RUC, setup_demo
from yupana.companies.models import Company, Series

pytestmark = pytest.mark.django_db


def test_setup_demo_is_idempotent_and_complete():
    first = setup_demo()
    second = setup_demo()
    assert first.created and not second.created
    company = Company.objects.get(ruc=DEMO_RUC)
    assert company.plan.name == "Premium"
    assert sorted(Series.objects.for_company(company).values_list("code", flat=True)) == [
        "B001", "BC01", "BD01", "F001", "FC01", "FD01"]
    roles = dict(Membership.objects.for_company(company).values_list("user__email", "role"))
    assert roles == {"admin@demo.pe": "administrador", "vendedor@demo.pe": "vendedor",
                     "contador@demo.pe": "contador"}
    pfx, password = company.certificate_pkcs12()
    assert DEMO_RUC in load_certificate(pfx, password).subject
    assert company.sol_password() == "moddatos"
    assert company.sunat_bill_service_url().endswith("/ol-ti-itcpfegem-beta/billService")


def test_demo_logins_work():
    setup_demo()
    for email in ("admin@demo.pe", "vendedor@demo.pe", "contador@demo.pe"):
        response = Client().post(reverse("accounts:login"), {"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
