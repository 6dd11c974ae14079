import json
from pathlib import Path

import pytest

from yupana.sales.testing import use_file_sqlite_for_tests
from yupana.einvoicing.tests.fixtures import simulator, simulator_process  # noqa: F401 (shared fixtures)
from yupana.sales.tests.conftest import customer, issuer, person, rice  # noqa: F401 (shared fixtures)

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "documents"


def pytest_configure(config):
    use_file_sqlite_for_tests()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Key ids repeat across rolled-back tests; the per-key counters must not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def issuer_admin(issuer):
    from yupana.companies.testing import make_user

    return make_user(issuer, role="administrador", email="admin@andina.pe", full_name="Ana Administradora")


def _key(company, user, scope, **kw):
    from yupana.api.keys import api_key_create

    return api_key_create(company=company, user=user, name=f"clave {scope}", scope=scope, **kw)


@pytest.fixture
def issue_key(issuer, issuer_admin):
    return _key(issuer, issuer_admin, "issue")


@pytest.fixture
def read_key(issuer, issuer_admin):
    return _key(issuer, issuer_admin, "read")


class Api:
    """The Django test client speaking JSON with a bearer key."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def _h(self, headers):
        h = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        for name, value in (headers or {}).items():
            h["HTTP_" + name.upper().replace("-", "_")] = value
        return h

    def get(self, path, headers=None, **params):
        return self.client.get(path, params, **self._h(headers))

    def post(self, path, body, headers=None):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(path, data=data, content_type="application/json", **self._h(headers))

    def patch(self, path, body, headers=None):
        return self.client.patch(path, data=json.dumps(body), content_type="application/json", **self._h(headers))


@pytest.fixture
def api(client, issue_key):
    return Api(client, issue_key.token)


@pytest.fixture
def factura_json():
    data = json.loads((EXAMPLES / "01-factura-gravada.json").read_text())
    data.pop("issue_date")  # issued today, as an API client does; the example's date is past SUNAT's window
    return data
