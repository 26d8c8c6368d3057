"""Schemathesis over the whole OpenAPI schema, in-process through the WSGI app.

Every operation is called with generated valid and invalid input (schemathesis' examples,
fuzzing and coverage phases), once with a Ballerup caseworker's bearer token and once with
Almenbo staff's, against a small world with a meeting, an agreement, a case and a package. The
run passes when no answer is a server error (5xx) and every answer conforms to the schema: its
status code is declared, its body matches the declared schema (errors included), its content
type and headers are the declared ones, and schema-invalid input is refused.

``positive_data_acceptance`` is left out on purpose: a schema-valid request may still break a
domain rule (an agreement cannot go from "aftalt" straight to "lukket"), and the API answers
that with 422 and a Danish message, as documented.

Select or skip with ``-m schemathesis`` / ``-m "not schemathesis"``; ``max_examples`` keeps the
run well under a minute on two cores (see ``docs/reference/api.md``).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from styringsdialog.wsgi import application

from .conftest import make_token

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

MAX_EXAMPLES = 10

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """Calling the WSGI app directly sends request_started/finished, whose handler closes the
    database connection between requests (CONN_MAX_AGE=0): on PostgreSQL that would close the
    test's transaction. Django's test client disconnects it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world, api_data, settings):
    # The run sends invalid tokens on purpose; their throttling is tested in test_throttling.
    settings.API_TOKEN_FAILURE_LIMIT = 1_000_000
    return [make_token(world.users[p]) for p in ("caseworker_ballerup", "almenbo_staff")]


@schema.parametrize()
# derandomize: the same examples on every run, so CI cannot pass or fail by chance
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_conforms_and_never_answers_5xx(case, tokens):
    for token in tokens:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            excluded_checks=[positive_data_acceptance],
        )
