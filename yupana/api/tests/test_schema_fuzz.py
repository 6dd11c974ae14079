"""Schemathesis over /api/openapi.json, in process (WSGI): no 500 and no answer outside the schema.

Bounded: a few examples per operation, no deadline (the first document also loads the SUNAT rules).
"""

import contextlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.django_db

EXAMPLES = 10


@contextlib.contextmanager
def keep_test_connection():
    """As Django's test client does: a request must not close the test's database connection
    (used after the last test-client call, which reconnects the handler when it finishes)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _schema(client):
    schema = schemathesis.openapi.from_dict(client.get("/api/openapi.json").json())
    schema.app = get_wsgi_application()
    return schema


def test_fuzzing_the_openapi_schema_finds_no_500_and_no_schema_violation(client, issue_key, customer, rice):
    from django.core.cache import cache

    cache.clear()
    issue_key.key.rate_limit = 100_000
    issue_key.key.save()
    schema = _schema(client)
    headers = {"Authorization": f"Bearer {issue_key.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    failures = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            # Every other built-in check runs. "Schema-valid data is accepted" cannot hold for a business
            # API: a well-formed factura for a series the company lacks, or a RUC whose check digit is
            # wrong, is rightly a 422 that names the field.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            with keep_test_connection():
                run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
