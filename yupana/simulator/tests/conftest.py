import pytest

from yupana.simulator.testing import running_simulator, sunat_simulator  # noqa: F401  (the fixture apps import)


@pytest.fixture(scope="session")
def sim(tmp_path_factory):
    """One simulator for the session (starting one compiles SUNAT's sheets); see ``fresh``."""
    with running_simulator(tmp_path_factory.mktemp("sim"), ticket_delay=0) as simulator:
        yield simulator


@pytest.fixture
def fresh(sim):
    """The module's simulator with no faults and no history."""
    sim.control.reset()
    sim.control.clear()
    yield sim
    sim.control.reset()
