import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from yupana.accounts.models import Membership, User, UserSession
from yupana.audit.models import AuditEntry
from yupana.companies.testing import TEST_PASSWORD, login_client, make_user

pytestmark = pytest.mark.django_db

NEW_USER = {"full_name": "Rosa Quispe", "email": "Rosa@Andina.pe", "role": "vendedor",
            "password1": "Rosa-Clave-2026", "password2": "Rosa-Clave-2026"}


def test_admin_creates_a_user_who_can_log_in(admin_client, company, admin_user):
    response = admin_client.post(reverse("accounts:user_create"), NEW_USER)
    assert response.status_code == 302
    user = User.objects.get(email="rosa@andina.pe")
    assert Membership.objects.get(user=user).company == company
    entry = AuditEntry.objects.for_company(company).get(action="crear")
    assert entry.user == admin_user and entry.changes["rol"] == [None, "vendedor"]
    assert Client().post(reverse("accounts:login"), {"email": "rosa@andina.pe",
                                                     "password": "Rosa-Clave-2026"}).status_code == 302


def test_create_user_errors_are_in_spanish_and_nothing_is_saved(admin_client, admin_user):
    body = admin_client.post(reverse("accounts:user_create"), {**NEW_USER, "email": admin_user.email.upper(),
                                                                "password2": "otra"}).content.decode()
    assert "Las contraseñas no coinciden." in body
    body = admin_client.post(reverse("accounts:user_create"), {**NEW_USER, "email": admin_user.email.upper()}
                             ).content.decode()
    assert "Ya existe un usuario con ese correo." in body
    body = admin_client.post(reverse("accounts:user_create"), {**NEW_USER, "password1": "12345678901",
                                                                "password2": "12345678901"}).content.decode()
    assert "contraseña" in body.lower()
    assert not User.objects.filter(email="rosa@andina.pe").exists()


def test_deactivating_a_user_closes_their_sessions(admin_client, company, seller_user):
    seller = login_client(Client(), seller_user)
    assert UserSession.objects.filter(user=seller_user).count() == 1
    response = admin_client.post(reverse("accounts:user_edit", args=[seller_user.pk]),
                                 {"full_name": seller_user.full_name, "email": seller_user.email, "role": "vendedor"})
    assert response.status_code == 302
    seller_user.refresh_from_db()
    assert not seller_user.is_active
    assert not UserSession.objects.filter(user=seller_user).exists()
    assert seller.get(reverse("web:home")).status_code == 302  # signed out
    assert AuditEntry.objects.for_company(company).filter(action="desactivar").exists()


def test_the_last_administrator_cannot_be_demoted(admin_client, admin_user):
    body = admin_client.post(reverse("accounts:user_edit", args=[admin_user.pk]),
                             {"full_name": "A", "email": admin_user.email, "role": "vendedor", "is_active": "on"}
                             ).content.decode()
    assert "No puede quitarse a sí mismo" in body


def test_only_administrators_manage_users(seller_client, accountant_client):
    assert seller_client.get(reverse("accounts:user_list")).status_code == 403
    assert accountant_client.get(reverse("accounts:user_list")).status_code == 403


def test_admin_cannot_edit_another_companys_user(admin_client, other_company):
    stranger = make_user(other_company)
    assert admin_client.get(reverse("accounts:user_edit", args=[stranger.pk])).status_code == 404


def test_password_reset_by_email_unlocks_and_changes_the_password(client, admin_user):
    User.objects.filter(pk=admin_user.pk).update(failed_login_count=3)
    response = client.post(reverse("accounts:password_reset"), {"email": "ADMIN@andina.pe"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admin@andina.pe"] and "Restablecer su contraseña" in message.subject
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Contraseña nueva" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": "Nueva-Clave-2026",
                                                         "new_password2": "Nueva-Clave-2026"})
    assert done.status_code == 302
    assert Client().post(reverse("accounts:login"), {"email": admin_user.email,
                                                     "password": "Nueva-Clave-2026"}).status_code == 302
    assert Client().post(reverse("accounts:login"), {"email": admin_user.email,
                                                     "password": TEST_PASSWORD}).status_code == 200


def test_admin_closes_another_session_from_the_user_list(admin_client, company, seller_user):
    seller = login_client(Client(), seller_user)
    session = UserSession.objects.get(user=seller_user)
    page = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "Sesiones abiertas (2 de 3)" in page
    admin_client.post(reverse("accounts:session_close", args=[session.pk]))
    assert seller.get(reverse("web:home")).status_code == 302
