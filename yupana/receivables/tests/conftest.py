import pytest

from yupana.sales.testing import use_file_sqlite_for_tests
from yupana.sales.tests.conftest import customer, issuer, person, rice  # noqa: F401 (shared fixtures)

from .factories import make_buyer


def pytest_configure(config):
    use_file_sqlite_for_tests()


@pytest.fixture
def buyer(issuer):
    """A customer with S/ 5,000.00 of credit at 30 days."""
    return make_buyer(issuer)


@pytest.fixture
def cashier(issuer):
    from yupana.companies.testing import make_user

    return make_user(issuer, role="administrador", email="caja@andina.pe", full_name="Carmen Caja")


@pytest.fixture
def cashier_client(client, cashier):
    from yupana.companies.testing import login_client

    return login_client(client, cashier)
