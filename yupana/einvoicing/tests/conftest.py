import pytest

from yupana.sales.testing import use_file_sqlite_for_tests
from yupana.sales.tests.conftest import customer, issuer, person, rice  # noqa: F401 (shared fixtures)


def pytest_configure(config):
    use_file_sqlite_for_tests()


@pytest.fixture(scope="session")
def simulator_process(tmp_path_factory):
    from yupana.simulator.testing import running_simulator

    with running_simulator(tmp_path_factory.mktemp("sunat"), ticket_delay=0) as simulator:
        yield simulator


@pytest.fixture
def simulator(simulator_process, settings):
    """The simulator with no faults and no memory, and the app pointed at it (retries at once)."""
    simulator_process.control.reset()
    simulator_process.control.clear()
    settings.YUPANA_SIMULATOR_URL = simulator_process.url
    settings.YUPANA_SUNAT_RETRY_BASE = 0
    settings.YUPANA_SUNAT_TIMEOUT = 3
    settings.YUPANA_SUNAT_HEARTBEAT = False
    yield simulator_process
    simulator_process.control.reset()
