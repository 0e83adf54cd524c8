"""Schemathesis against /api/v1/openapi.json, in process through the WSGI app: no 500s, every
status code and body as documented. Bounded examples per operation keep it quick."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_support import fresh_rate_limits
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import World
from peyvand.api.models import Scope
from peyvand.api.services import issue_token
from peyvand.wsgi import application

__all__ = ["fresh_rate_limits"]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def test_the_openapi_document_is_served() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/requests" in document["paths"]
    assert "TokenAuth" in document["components"]["securitySchemes"]


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Calling the WSGI app directly fires request_started/finished, whose handler would close
    the database connection the test's transaction lives on (PostgreSQL). Django's test client
    detaches that handler the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_schemathesis_finds_no_server_errors_or_schema_violations(
    world: World, settings: Any, keep_test_connection: None
) -> None:
    settings.PEYVAND_API_RATE_LIMIT = 100_000
    _, raw = issue_token(None, world.agency_a, "fuzz", list(Scope.values))
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    tried = 0
    seen: set[tuple[str, int]] = set()
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings_for_fuzz
        def check(case: Any) -> None:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            seen.add((case.method, response.status_code))

        check()
        tried += 1
    assert tried == 8
    # The fuzzer got past validation too: records were created and read, not only refused.
    assert {("POST", 201), ("POST", 422), ("GET", 200), ("GET", 404)} <= seen, seen


settings_for_fuzz = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
