"""Keys: missing, malformed, unknown, revoked, wrong scope, rate limit; session users may only read."""

import pytest
from django.core.cache import cache

from yupana.api.keys import api_key_create, api_key_revoke
from yupana.api.models import ApiKey

from .conftest import Api

pytestmark = pytest.mark.django_db


def test_a_key_is_shown_once_and_stored_hashed(issue_key):
    stored = ApiKey.objects.get(pk=issue_key.key.pk)
    assert issue_key.token.startswith(f"yk_{stored.prefix}_")
    assert issue_key.token not in stored.key_hash and len(stored.key_hash) == 64
    assert all(issue_key.token not in str(v) for v in ApiKey.objects.values_list().get(pk=stored.pk))


def test_missing_malformed_unknown_and_revoked_keys_get_401(client, issue_key, issuer_admin):
    answer = client.get("/api/documents")
    assert answer.status_code == 401
    assert answer.json()["field"] == "Authorization"
    assert "Falta la clave de API" in answer.json()["message"]
    assert answer["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/documents", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    wrong = issue_key.token[:-4] + "AAAA"
    answer = client.get("/api/documents", HTTP_AUTHORIZATION=f"Bearer {wrong}")
    assert answer.status_code == 401 and answer.json()["message"] == "Clave de API inválida o revocada."
    assert client.get("/api/documents", HTTP_AUTHORIZATION=f"Bearer {issue_key.token}").status_code == 200
    api_key_revoke(key=issue_key.key, user=issuer_admin)
    answer = client.get("/api/documents", HTTP_AUTHORIZATION=f"Bearer {issue_key.token}")
    assert answer.status_code == 401 and "revocada" in answer.json()["message"]


def test_a_read_key_reads_but_cannot_issue_or_create(client, read_key, factura_json):
    api = Api(client, read_key.token)
    assert api.get("/api/customers").status_code == 200
    answer = api.post("/api/documents", factura_json)
    assert answer.status_code == 403
    assert "solo lectura" in answer.json()["message"]
    assert api.post("/api/customers", {"document_type": "1", "document_number": "46027897",
                                       "name": "María Quispe"}).status_code == 403


def test_rate_limit_per_key(client, issuer, issuer_admin):
    cache.clear()
    limited = api_key_create(company=issuer, user=issuer_admin, name="limitada", scope="read", rate_limit=3)
    other = api_key_create(company=issuer, user=issuer_admin, name="otra", scope="read", rate_limit=3)
    api = Api(client, limited.token)
    assert [api.get("/api/products").status_code for _ in range(4)] == [200, 200, 200, 429]
    answer = api.get("/api/products")
    assert answer["Retry-After"] == "60" and "3 por minuto" in answer.json()["message"]
    assert Api(client, other.token).get("/api/products").status_code == 200  # counted per key


def test_a_signed_in_user_may_read_but_not_write_without_a_key(client, issuer_admin, factura_json):
    from yupana.companies.testing import login_client

    login_client(client, issuer_admin)
    assert client.get("/api/documents").status_code == 200
    answer = Api(client, None).post("/api/documents", factura_json)
    assert answer.status_code == 403 and "clave de API" in answer.json()["message"]


def test_admin_creates_and_revokes_keys_in_the_web_app(client, issuer_admin, issuer):
    from yupana.companies.testing import login_client, make_user

    login_client(client, issuer_admin)
    page = client.post("/api/claves/", {"name": "Tienda web", "scope": "issue"})
    body = page.content.decode()
    key = ApiKey.objects.get(company=issuer, name="Tienda web")
    token = body.split('id="api-token">')[1].split("<")[0]
    assert token.startswith(f"yk_{key.prefix}_") and key.scope == "issue"
    assert token not in client.get("/api/claves/").content.decode()  # shown once
    assert Api(client.__class__(), token).get("/api/documents").status_code == 200
    client.post(f"/api/claves/{key.pk}/revocar/")
    assert Api(client.__class__(), token).get("/api/documents").status_code == 401
    seller = make_user(issuer, role="vendedor", email="v@andina.pe")
    client.logout()
    login_client(client, seller)
    assert client.get("/api/claves/").status_code == 403


def test_wrong_method_and_unknown_path_are_json_too(client, issue_key):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_key.token}"}
    answer = client.put("/api/documents", **auth)
    assert answer.status_code == 405 and answer["Content-Type"] == "application/json"
    assert "PUT no permitido" in answer.json()["message"] and "POST" in answer["Allow"]
    answer = client.get("/api/comprobantes/1", **auth)
    assert answer.status_code == 404 and answer.json()["field"] == "ruta"
    assert client.get("/api/claves")["Location"] == "/api/claves/"  # the web pages keep their redirects


def test_configuracion_links_the_administrator_to_keys_webhooks_and_docs(client, issuer_admin, issuer):
    from yupana.companies.testing import login_client, make_user

    # Given the company's administrator on Configuración
    login_client(client, issuer_admin)
    page = client.get("/configuracion/").content.decode()
    # Then the API section links to keys, webhooks and the documentation
    assert 'href="/api/claves/"' in page and 'href="/api/webhooks/"' in page and 'href="/api/docs"' in page
    # And a seller does not see it
    seller = make_user(issuer, role="vendedor", email="v2@andina.pe")
    client.logout()
    login_client(client, seller)
    assert 'href="/api/claves/"' not in client.get("/configuracion/").content.decode()
