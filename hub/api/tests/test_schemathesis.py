"""Property-based tests of every API operation against its OpenAPI schema (Schemathesis).

Schemathesis reads the schema the app serves, generates requests for each operation, valid and
invalid, sends them to the app in-process (WSGI) and checks the answers: never a server error,
status codes, content types and bodies as documented. The examples are few and derived from the
test names (derandomized), so the run is repeatable and takes seconds.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.throttling import AnonRateThrottle
from schemathesis.specs.openapi.checks import positive_data_acceptance

from .content import make_hidden_content, make_public_content

# Loaded when the module is collected: generating the schema reads no data.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def content(db, monkeypatch):
    make_public_content(3)
    make_hidden_content()
    # Hundreds of requests from one client: lift the rate limit for this test only.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    # As Django's test client does: a request must not close the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_as_its_schema_says(content, case):
    # Every default check but one: a well-formed slug of no published object is valid for the schema,
    # yet the filter answers 400 ("not one of the available choices"), as an unknown value should.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
