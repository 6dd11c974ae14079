from yupana.sales.testing import use_file_sqlite_for_tests
from yupana.einvoicing.tests.fixtures import simulator, simulator_process  # noqa: F401 (shared fixtures)
from yupana.sales.tests.conftest import customer, issuer, person, rice  # noqa: F401 (shared fixtures)


def pytest_configure(config):
    use_file_sqlite_for_tests()


