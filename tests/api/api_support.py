"""Request bodies, clients and token fixtures shared by the API tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World
from peyvand.api.models import Scope
from peyvand.api.services import issue_token


def request_body() -> dict[str, Any]:
    return {
        "seeker": {"names": [{"full": "Maryam Rahimi"}], "sex": "f"},
        "sought": {
            "names": [{"full": "Reza Rahimi"}],
            "sex": "m",
            "birth_date_text": "1960",
            "birthplace": "Tabriz",
            "father_given_name": "Karim",
        },
        "relationship": "sibling",
        "last_contact_text": "1995",
        "last_contact_place": "تهران",
        "circumstances": "Lost contact during the move.",
        "message_for_sought": "We are looking for you.",
    }


class ApiClient:
    """A django test client that sends one bearer token with every request."""

    def __init__(self, raw: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, body, content_type="application/json", headers=self.headers)


@pytest.fixture(autouse=True)
def fresh_rate_limits(empty_shared_cache: None) -> None:
    """Every API test starts with no request counted (conftest's empty_shared_cache clears the
    shared cache, reaching the database cache only from tests that use the database)."""


@pytest.fixture
def api_a(world: World) -> ApiClient:
    _, raw = issue_token(world.admin, world.agency_a, "partner-a", list(Scope.values))
    return ApiClient(raw)


@pytest.fixture
def api_b(world: World) -> ApiClient:
    _, raw = issue_token(world.admin, world.agency_b, "partner-b", list(Scope.values))
    return ApiClient(raw)
