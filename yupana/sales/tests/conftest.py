import pytest

from yupana.sales.testing import use_file_sqlite_for_tests

from .factories import make_customer, make_issuer, make_person, make_product


def pytest_configure(config):
    use_file_sqlite_for_tests()


@pytest.fixture
def issuer(db):
    return make_issuer()


@pytest.fixture
def customer(issuer):
    return make_customer(issuer)


@pytest.fixture
def person(issuer):
    return make_person(issuer)


@pytest.fixture
def rice(issuer):
    return make_product(issuer)
