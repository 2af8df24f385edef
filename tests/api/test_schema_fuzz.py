"""Schemathesis against the served OpenAPI document: no server error on any generated
request, and every response conforms to the documented schema."""

import json
from unittest import mock

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from segurfaq.faq.selectors import FacetChoice
from segurfaq.faq.services import default_content_text
from segurfaq.wsgi import application


def _default_facets() -> list[FacetChoice]:
    document = json.loads(default_content_text())
    return [
        FacetChoice(
            slug=facet["slug"],
            prompt=facet.get("prompt") or facet["label"],
            values=tuple(value["slug"] for value in facet["values"]),
        )
        for facet in document["facets"]
    ]


# The document declares the content's facets as filters, read from the database; the
# schema is loaded while tests are collected, before any test database exists, so it is
# loaded with the facets of the default content that each test then fills the database with.
with mock.patch("segurfaq.api.api.facet_choices", _default_facets):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 100
calls = []

pytestmark = pytest.mark.slow


@pytest.fixture
def fresh_limits():
    cache.clear()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # The WSGI application closes database connections at the end of each request; the
    # test client prevents it, and so must this direct caller, or PostgreSQL tests would
    # lose their transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_answers_every_generated_request_within_its_schema(case, default_content, fresh_limits):
    case.call_and_validate(checks=CHECKS)
    calls.append(case.operation.label)


def test_the_fuzzing_covered_every_operation_with_enough_requests():
    if not calls:
        pytest.skip("run with the fuzz tests")
    print(f"\nschemathesis: {len(calls)} requests over {len(set(calls))} operations")
    assert len(calls) >= 500
    assert len(set(calls)) == 8
