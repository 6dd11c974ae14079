import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from yupana.accounts.models import User, UserSession
from yupana.accounts.services import SESSION_LIMIT_MESSAGE
from yupana.companies.testing import TEST_PASSWORD, make_company, make_user

pytestmark = pytest.mark.django_db


def _login(client, email, password=TEST_PASSWORD):
    return client.post(reverse("accounts:login"), {"email": email, "password": password})


def test_login_by_email_is_case_insensitive_and_tracks_the_session(client, admin_user):
    response = _login(client, "ADMIN@Andina.pe")
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert UserSession.objects.filter(user=admin_user).count() == 1
    home = client.get(reverse("web:home"))
    assert "Comercial Andina S.A.C." in home.content.decode()


def test_wrong_password_says_so_in_spanish(client, admin_user):
    response = _login(client, admin_user.email, "incorrecta")
    assert response.status_code == 200
    assert "Correo o contraseña incorrectos." in response.content.decode()
    assert not UserSession.objects.exists()


def test_account_locks_after_five_failures_and_unlocks_later(client, admin_user, settings):
    for _ in range(4):
        assert "incorrectos" in _login(client, admin_user.email, "mala").content.decode()
    fifth = _login(client, admin_user.email, "mala").content.decode()
    assert "La cuenta está bloqueada" in fifth
    # Even the right password is refused while locked.
    assert "La cuenta está bloqueada" in _login(client, admin_user.email).content.decode()
    # When the lock expires, the right password works again.
    User.objects.filter(pk=admin_user.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert _login(client, admin_user.email).status_code == 302


def test_basico_plan_allows_one_session_for_the_whole_company(client_factory=None):
    from django.test import Client

    company = make_company(plan_name="Básico")
    first, second = make_user(company), make_user(company, role="vendedor")
    assert _login(Client(), first.email).status_code == 302
    # Given one session open, When a second user of the same company logs in, Then the exact message.
    other = Client()
    response = _login(other, second.email)
    body = response.content.decode()
    assert SESSION_LIMIT_MESSAGE in body
    assert "Cerrar las otras sesiones e ingresar" in body
    assert UserSession.objects.for_company(company).count() == 1
    # When they choose to close the other sessions, Then they are in and the first one is out.
    closed = other.post(reverse("accounts:close_other_sessions"))
    assert closed.status_code == 302
    assert list(UserSession.objects.for_company(company).values_list("user__email", flat=True)) == [second.email]


def test_idle_sessions_do_not_count_and_are_signed_out(client, settings):
    from django.test import Client

    company = make_company(plan_name="Básico")
    first, second = make_user(company), make_user(company)
    c1 = Client()
    assert _login(c1, first.email).status_code == 302
    UserSession.objects.update(last_seen_at=timezone.now() - dt.timedelta(minutes=settings.YUPANA_SESSION_IDLE_MINUTES + 1))
    assert _login(Client(), second.email).status_code == 302
    # The idle browser is sent back to the login page.
    response = c1.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_premium_allows_three_sessions_across_users():
    from django.test import Client

    company = make_company(plan_name="Premium")
    users = [make_user(company) for _ in range(4)]
    for user in users[:3]:
        assert _login(Client(), user.email).status_code == 302
    assert SESSION_LIMIT_MESSAGE in _login(Client(), users[3].email).content.decode()


def test_logout_frees_the_place(client):
    from django.test import Client

    company = make_company(plan_name="Básico")
    first, second = make_user(company), make_user(company)
    c1 = Client()
    _login(c1, first.email)
    c1.post(reverse("accounts:logout"))
    assert _login(Client(), second.email).status_code == 302
