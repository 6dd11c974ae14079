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
    simulator_process.control.reset()
    simulator_process.control.clear()
    settings.YUPANA_SIMULATOR_URL = simulator_process.url
    settings.YUPANA_SUNAT_RETRY_BASE = 0
    settings.YUPANA_SUNAT_TIMEOUT = 3
    settings.YUPANA_SUNAT_HEARTBEAT = False
    yield simulator_process
    simulator_process.control.reset()


@pytest.fixture
def issuer_admin(issuer):
    from yupana.companies.testing import make_user

    return make_user(issuer, role="administrador", email="admin@andina.pe", full_name="Ana Administradora")


@pytest.fixture
def issuer_client(client, issuer_admin):
    from yupana.companies.testing import login_client

    return login_client(client, issuer_admin)


@pytest.fixture
def inbox(settings):
    from yupana.web.smtp_testing import smtp_server

    with smtp_server(settings) as received:
        yield received
