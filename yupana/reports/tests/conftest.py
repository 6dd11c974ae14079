from yupana.delivery.tests.conftest import (  # noqa: F401 (shared fixtures)
    customer, issuer, issuer_admin, issuer_client, person, pytest_configure, rice, simulator,
    simulator_process,
)
