"""Two people of a Básico company (1 connection) press Ingresar at the same moment: one gets in."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from yupana.accounts.models import UserSession
from yupana.accounts.services import SESSION_LIMIT_MESSAGE
from yupana.companies.testing import TEST_PASSWORD, make_company, make_user


@pytest.mark.django_db(transaction=True)
def test_simultaneous_logins_cannot_both_take_the_last_place():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one connection between threads; PostgreSQL runs this")
    company = make_company(plan_name="Básico")
    users = [make_user(company), make_user(company)]
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(user):
        client = Client()
        client.get(reverse("accounts:login"))
        barrier.wait()
        response = client.post(reverse("accounts:login"), {"email": user.email, "password": TEST_PASSWORD})
        outcomes.append("in" if response.status_code == 302 else
                        "limit" if SESSION_LIMIT_MESSAGE in response.content.decode() else "other")
        connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["in", "limit"]
    assert UserSession.objects.for_company(company).count() == 1
