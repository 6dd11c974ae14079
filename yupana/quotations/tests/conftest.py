import pytest

from yupana.sales.testing import use_file_sqlite_for_tests
from yupana.sales.tests.conftest import customer, issuer, person, rice  # noqa: F401 (shared fixtures)


def pytest_configure(config):
    use_file_sqlite_for_tests()


@pytest.fixture
def seller(issuer):
    from yupana.companies.testing import make_user

    return make_user(issuer, role="vendedor", email="vende@andina.pe", full_name="Víctor Vendedor")


@pytest.fixture
def seller_web(client, seller):
    from yupana.companies.testing import login_client

    return login_client(client, seller)
