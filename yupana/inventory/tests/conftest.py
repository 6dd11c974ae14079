import pytest

from yupana.sales.testing import use_file_sqlite_for_tests

from .factories import make_product, make_stock_company


def pytest_configure(config):
    use_file_sqlite_for_tests()


@pytest.fixture
def shop(db):
    return make_stock_company()


@pytest.fixture
def rice(shop):
    return make_product(shop, code="ARZ01", description="Arroz extra 5 kg", cost="0")


@pytest.fixture
def main(shop):
    from yupana.inventory.selectors import default_warehouse

    return default_warehouse(company=shop)


@pytest.fixture
def branch(shop):
    from yupana.inventory.models import Warehouse

    return Warehouse.objects.create(company=shop, name="Tienda Surco")
