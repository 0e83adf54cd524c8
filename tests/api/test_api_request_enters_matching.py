"""A request filed through the API enters the matching loop like one filed on the web."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import ApiClient, fresh_rate_limits

from conftest import make_world
from peyvand.api.models import Scope
from peyvand.api.services import issue_token
from peyvand.matching.models import CandidatePair

__all__ = ["fresh_rate_limits"]


@pytest.mark.django_db(transaction=True)
def test_a_request_filed_by_api_gets_a_candidate_pair(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world = make_world()
    _, raw = issue_token(None, world.agency_a, "loop", list(Scope.values))
    client = ApiClient(raw)
    body = {
        "seeker": {"names": [{"full": "فاطمه خدابنده"}], "sex": "f"},
        "sought": {
            "names": [{"full": "محمدرضا خدابنده"}],
            "sex": "m",
            "birth_date_text": "1345",
            "birthplace": "قزوین",
            "father_given_name": "حسین",
        },
        "relationship": "child",
    }
    response = client.post("/api/v1/requests", body)
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    pair = (
        CandidatePair.objects.filter(tracing_request_id=request_id)
        .order_by("-match_probability")
        .first()
    )
    assert pair is not None
    assert pair.registration == world.registration_a
    matches = client.get("/api/v1/matches").json()["items"]
    assert pair.pk in [row["id"] for row in matches]
