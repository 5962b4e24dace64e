"""schemathesis against the content API's own OpenAPI schema, served live: every
operation, with generated parameters (valid and not), answers without a server error,
within its documented status codes, content types and response schemas, in under 1 s."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

from monographs.api import drugs
from monographs.public.side_effect_index import side_effect_index

pytestmark = pytest.mark.django_db

MAX_SECONDS = 1.0


@pytest.fixture(autouse=True)
def connection_kept_open():
    """As Django's test client does: the end of a request must not close the connection
    that holds the test's transaction (on PostgreSQL that ends the test's data)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def side_effect_index_built():
    """The side-effect search's index is built once per vocabulary state (about 1.5 s at
    the seeds' size), not per request: built before the requests are timed."""
    side_effect_index()


# Loaded when the tests are collected: the schema view reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@pytest.mark.usefixtures("side_effect_index_built")
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_its_schema(case):
    # Not "schema-valid data is accepted": a slug the schema allows may name no published
    # term or condition, which the API answers with 400 (a filter) or 404 (a path), by design.
    response = case.call_and_validate(
        headers={"Host": "localhost"}, excluded_checks=[positive_data_acceptance]
    )
    assert response.elapsed < MAX_SECONDS, (case.path, case.query, response.elapsed)


def test_an_answer_that_breaks_the_schema_fails(monkeypatch):
    """The check above can fail: a monograph answered without its parts is caught."""
    monkeypatch.setattr(drugs, "monograph", lambda drug: {"name": drug.name})
    case = schema["/api/v1/drugs/{slug}/"]["GET"].Case(path_parameters={"slug": "ibuprofen"})
    with pytest.raises(FailureGroup):
        case.call_and_validate(headers={"Host": "localhost"})
