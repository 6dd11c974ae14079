"""The SUNAT simulator as pytest fixtures, shared by every app whose tests send documents.

A conftest brings them in with `from yupana.einvoicing.tests.fixtures import simulator, simulator_process`.
"""

import pytest


@pytest.fixture(scope="session")
def simulator_process(tmp_path_factory):
    """One real simulator subprocess per test session (tickets answer at once)."""
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
