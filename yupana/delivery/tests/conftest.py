import pytest

from yupana.sales.testing import use_file_sqlite_for_tests
from yupana.einvoicing.tests.fixtures import simulator, simulator_process  # noqa: F401 (shared fixtures)
from yupana.sales.tests.conftest import customer, issuer, person, rice  # noqa: F401 (shared fixtures)


def pytest_configure(config):
    use_file_sqlite_for_tests()


@pytest.fixture
def issuer_admin(issuer):
    from yupana.companies.testing import make_user

    return make_user(issuer, role="administrador", email="admin@andina.pe", full_name="Ana Administradora")


@pytest.fixture
def issuer_client(client, issuer_admin):
    from yupana.companies.testing import login_client

    return login_client(client, issuer_admin)
