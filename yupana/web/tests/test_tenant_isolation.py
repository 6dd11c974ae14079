"""Walks every URL of the app as an administrator of company A, aimed at company B's objects.

B's rows get ids from 10,000,000 up in every table (A's stay low, and A's new rows go above 20,000,000),
so a handful of ids names every model of B, and B's text carries a marker: a response that shows the
marker, a 200 for one of B's ids, or any change to B's rows is a leak. Apps that land later take part by
defining `tenant_samples(company) -> list[Model]` in `yupana/<app>/testing.py`: the walk creates
those rows for B and tries them on every URL.
"""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver

from yupana.accounts.models import Membership, User, UserSession
from yupana.audit.services import audit_record
from yupana.companies.models import Company, CompanyOwned, DocumentType, Series
from yupana.companies.testing import TEST_PASSWORD, login_client, make_company, make_user

MARKER = "SECRETOB"
HIGH = 10_000_000
SKIP_NAMESPACES = {"admin"}  # the operator's admin: Django's own staff check, no company data by tenant
SKIP_NAMES = {"accounts:logout", "accounts:close_other_sessions"}
ID_PARAM = re.compile(r"(^|_)(pk|id)$")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield prefix + str(entry.pattern), name


def _converters(route: str) -> list[tuple[str, str]]:
    return re.findall(r"<(?:(\w+):)?(\w+)>", route)


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: values[m.group(2)], route).lstrip("^").rstrip("$")


def _auto_pk_tables() -> list[str]:
    tables = []
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if model._meta.managed and not model._meta.proxy and pk.get_internal_type() in {"AutoField", "BigAutoField"}:
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def _restart_ids_at(start: int) -> None:
    """Make the next automatic id of every table `start`, on SQLite and PostgreSQL alike."""
    with connection.cursor() as cursor:
        for table in _auto_pk_tables():
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start - 1])
            elif connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start - 1])


def _company_b():
    """B's rows all get ids from HIGH upwards in every table, so a few ids reach every model of B."""
    _restart_ids_at(HIGH)
    company = make_company(business_name=f"{MARKER} Empresa B S.A.C.", trade_name=MARKER)
    user = User.objects.create_user(email=f"{MARKER.lower()}@b.pe", password=TEST_PASSWORD,
                                    full_name=f"{MARKER} Usuario")
    Membership.objects.create(company=company, user=user, role="administrador")
    Series.objects.create(company=company, document_type=DocumentType.FACTURA, code="F777")
    Series.objects.create(company=company, document_type=DocumentType.BOLETA, code="B777")
    UserSession.objects.create(company=company, user=user, session_key=f"{MARKER}key")
    audit_record(company=company, user=user, action="editar", instance=company, changes={"x": [MARKER, MARKER]})
    for config in apps.get_app_configs():
        if not config.name.startswith("yupana."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.testing")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "tenant_samples"):
            module.tenant_samples(company)
    # Whatever A creates during the walk lands far above B's ids.
    _restart_ids_at(HIGH * 2)
    return company, user


def _b_rows(company, user) -> dict:
    """Every row that belongs to B, as plain values, to prove nothing changed."""
    rows = {"company": model_to_dict(Company.objects.get(pk=company.pk)),
            "user": model_to_dict(User.objects.get(pk=user.pk), exclude=["last_login"])}
    for model in apps.get_models():
        if issubclass(model, CompanyOwned):
            for obj in model.objects.filter(company=company).order_by("pk"):
                rows[f"{model._meta.label}:{obj.pk}"] = model_to_dict(obj)
    return rows


def _b_pks() -> list[int]:
    """B's ids run from HIGH in every table, so HIGH..HIGH+n-1 name all of them, where n is the most
    rows B has in any one table (lines, movements and other rows without a company column included)."""
    most = 1
    with connection.cursor() as cursor:
        for table in _auto_pk_tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} WHERE id >= %s AND id < %s",
                           [HIGH, HIGH * 2])
            most = max(most, cursor.fetchone()[0])
    return list(range(HIGH, HIGH + most))


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.django_db
def test_a_user_of_company_a_never_reads_or_changes_company_b(client):
    company_a = make_company(business_name="Empresa A S.A.C.")
    admin_a = make_user(company_a, role="administrador")
    Series.objects.create(company=company_a, document_type=DocumentType.FACTURA, code="F001")
    company_b, user_b = _company_b()
    before = _b_rows(company_b, user_b)
    b_pks = _b_pks()
    assert b_pks[0] == HIGH and len(b_pks) >= 2
    login_client(client, admin_a)

    routes = sorted(set(_walk(get_resolver().url_patterns)))
    assert len(routes) > 10
    checked = 0
    for route, name in routes:
        if name in SKIP_NAMES:
            continue
        params = _converters(route)
        if any(kind == "path" for kind, _ in params):
            continue
        if params:
            candidates = []
            for pk in b_pks:
                values = {p: (str(pk) if kind == "int" or not kind or ID_PARAM.search(p) else f"{company_b.ruc}")
                          for kind, p in params}
                candidates.append(_fill(route, values))
        else:
            candidates = [_fill(route, {})]
        for url in candidates:
            if "<" in url or "(?P" in url:
                continue
            for method in ("get", "post"):
                data = {"q": MARKER[:5]} if method == "get" else {"company": str(company_b.pk), "code": "F778"}
                response = getattr(client, method)(url, data)
                body = _body(response)
                checked += 1
                assert MARKER not in body and MARKER.lower() not in body, f"{method.upper()} {url} shows B's data"
                if params and any(ID_PARAM.search(p) or kind == "int" for kind, p in params):
                    assert response.status_code in (302, 403, 404, 405), (
                        f"{method.upper()} {url} answered {response.status_code} for company B's object")
                    if response.status_code == 302:
                        assert MARKER not in response["Location"]
                if "_auth_user_id" not in client.session:  # a view signed us out: sign in again
                    login_client(client, admin_a)
    assert checked > 50
    # Nothing of B changed, whatever A posted.
    assert _b_rows(company_b, user_b) == before


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs", [
    ("companies:company_edit", {}), ("companies:sunat_edit", {}), ("companies:certificate_upload", {}),
    ("companies:series_create", {}), ("accounts:user_create", {}),
])
def test_the_read_only_role_cannot_post(accountant_client, company, url_name, kwargs):
    from django.urls import reverse

    before = model_to_dict(Company.objects.get(pk=company.pk))
    response = accountant_client.post(reverse(url_name, kwargs=kwargs), {"business_name": "Cambiada"})
    assert response.status_code == 403
    assert "solo lectura" in response.content.decode() or "rol" in response.content.decode()
    assert model_to_dict(Company.objects.get(pk=company.pk)) == before
