import pytest

from yupana.sales.testing import use_file_sqlite_for_tests


def pytest_configure(config):
    use_file_sqlite_for_tests()


@pytest.fixture
def shop(db):
    from yupana.inventory.tests.factories import make_stock_company

    from .factories import OUR_RUC

    return make_stock_company(ruc=OUR_RUC)


@pytest.fixture
def supplier(shop):
    from .factories import make_supplier

    return make_supplier(shop)


@pytest.fixture
def rice(shop):
    from yupana.inventory.tests.factories import make_product

    return make_product(shop, code="ARZ01", description="Arroz extra 5 kg")


@pytest.fixture
def sugar(shop):
    from yupana.inventory.tests.factories import make_product

    return make_product(shop, code="AZU01", description="Azúcar rubia 1 kg")
