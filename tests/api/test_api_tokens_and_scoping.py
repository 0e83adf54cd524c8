"""The partner API: a token sees and writes only its own agency's records, alike 404 for
missing and forbidden; revoked and unknown tokens are refused; each token is rate limited."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import api_a, api_b, fresh_rate_limits, request_body
from django.core.management import call_command
from django.test import Client

from conftest import World
from peyvand.api.models import ApiToken, Scope
from peyvand.api.services import issue_token, revoke_token
from peyvand.audit.models import AuditEvent
from peyvand.matching.engine import match_tracing_request
from peyvand.matching.models import CandidatePair
from peyvand.tracing.models import TracingRequest

pytestmark = pytest.mark.django_db
__all__ = ["api_a", "api_b", "fresh_rate_limits"]  # fixtures used by name


def test_a_token_lists_and_reads_only_its_agency(world: World, api_a: Any) -> None:
    listed = api_a.get("/api/v1/requests").json()
    assert [row["id"] for row in listed["items"]] == [world.request_a.pk]
    assert listed["count"] == 1
    regs = api_a.get("/api/v1/registrations").json()
    assert [row["id"] for row in regs["items"]] == [world.registration_a.pk]
    own = api_a.get(f"/api/v1/requests/{world.request_a.pk}")
    assert own.status_code == 200
    assert own.json()["reference_code"] == world.request_a.reference_code
    assert own.json()["status"] == "received"


def test_another_agencys_record_is_404_like_a_missing_one(world: World, api_a: Any) -> None:
    for path in (
        f"/api/v1/requests/{world.request_b.pk}",
        f"/api/v1/registrations/{world.registration_b.pk}",
    ):
        forbidden = api_a.get(path)
        missing = api_a.get(path.rsplit("/", 1)[0] + "/999999")
        assert forbidden.status_code == missing.status_code == 404
        assert forbidden.content == missing.content
    refused = AuditEvent.objects.filter(action="access.refused", actor_label="api token partner-a")
    assert refused.filter(object_id=str(world.request_b.pk)).exists()


def test_a_created_request_belongs_to_the_tokens_agency(world: World, api_b: Any) -> None:
    response = api_b.post("/api/v1/requests", request_body())
    assert response.status_code == 201, response.content
    created = TracingRequest.objects.get(pk=response.json()["id"])
    assert created.agency == world.agency_b
    assert created.case.agency == world.agency_b
    assert AuditEvent.objects.filter(
        action="access.write", object_id=str(created.pk), actor_label="api token partner-b"
    ).exists()


def test_responses_never_carry_contact_details_or_free_text(world: World, api_a: Any) -> None:
    body = request_body()
    body["seeker"]["contacts"] = [{"kind": "phone", "value": "+98 912 555 0101"}]
    created = api_a.post("/api/v1/requests", body)
    assert created.status_code == 201
    text = created.content.decode() + api_a.get("/api/v1/requests").content.decode()
    for secret in ("555 0101", "phone", "circumstances", "message_for_sought", "تهران"):
        assert secret not in text


def test_matches_show_only_pairs_of_the_agencys_requests(
    world: World, api_a: Any, api_b: Any
) -> None:
    match_tracing_request(world.request_a.pk)
    pair = CandidatePair.objects.get(
        tracing_request=world.request_a, registration=world.registration_a
    )
    listed = api_a.get("/api/v1/matches").json()
    assert pair.pk in [row["id"] for row in listed["items"]]
    detail = api_a.get(f"/api/v1/matches/{pair.pk}").json()
    assert detail["registration_id"] == world.registration_a.pk
    assert "explanation" not in detail
    assert api_b.get(f"/api/v1/matches/{pair.pk}").status_code == 404
    assert pair.pk not in [row["id"] for row in api_b.get("/api/v1/matches").json()["items"]]


def test_invalid_input_is_422_and_writes_nothing(world: World, api_a: Any) -> None:
    before = TracingRequest.objects.count()
    body = request_body()
    body["sought"]["birth_date_text"] = "not a date"
    response = api_a.post("/api/v1/requests", body)
    assert response.status_code == 422
    assert "sought.birth_date_text" in response.json()["detail"]
    assert api_a.post("/api/v1/requests", {"relationship": "x"}).status_code == 422
    assert TracingRequest.objects.count() == before


def test_missing_unknown_and_revoked_tokens_are_refused(world: World) -> None:
    token, raw = issue_token(None, world.agency_a, "soon-revoked", [Scope.REQUESTS_READ])
    headers = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/api/v1/requests", headers=headers).status_code == 200
    assert Client().get("/api/v1/requests").status_code == 401
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    assert (
        Client().get("/api/v1/requests", headers={"Authorization": f"Bearer {forged}"}).status_code
        == 401
    )
    revoke_token(world.admin, token, "partner contract ended")
    assert Client().get("/api/v1/requests", headers=headers).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked", object_id=str(token.pk)).exists()


def test_a_signed_in_staff_session_is_not_an_api_credential(world: World) -> None:
    client = world.client_for("caseworker_a")
    assert client.get("/api/v1/requests").status_code == 401


def test_only_a_hash_of_the_token_is_stored(world: World) -> None:
    token, raw = issue_token(None, world.agency_a, "hashed", [Scope.REQUESTS_READ])
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(raw in str(value) for value in stored.values())
    assert raw.split("_", 2)[2] not in str(stored)


def test_scopes_limit_what_a_token_may_do(world: World) -> None:
    _, raw = issue_token(None, world.agency_a, "read-only", [Scope.REQUESTS_READ])
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client()
    assert client.get("/api/v1/requests", headers=headers).status_code == 200
    assert client.get("/api/v1/registrations", headers=headers).status_code == 403
    assert client.get("/api/v1/matches", headers=headers).status_code == 403
    posted = client.post(
        "/api/v1/requests", request_body(), content_type="application/json", headers=headers
    )
    assert posted.status_code == 403
    assert TracingRequest.objects.filter(agency=world.agency_a).count() == 1


def test_each_token_is_rate_limited(world: World, api_a: Any, api_b: Any, settings: Any) -> None:
    settings.PEYVAND_API_RATE_LIMIT = 3
    statuses = [api_a.get("/api/v1/requests").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api_a.get("/api/v1/requests")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert api_b.get("/api/v1/requests").status_code == 200  # another token has its own budget


def test_the_cli_issues_lists_and_revokes(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "apitoken", "issue", "--agency", "agency-a", "--name", "cli", "--scope", "requests:read"
    )
    raw = capsys.readouterr().out.splitlines()[1]
    headers = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/api/v1/requests", headers=headers).status_code == 200
    call_command("apitoken", "list")
    assert "cli\tagency-a\tactive" in capsys.readouterr().out
    call_command("apitoken", "revoke", "cli")
    assert Client().get("/api/v1/requests", headers=headers).status_code == 401


def test_every_read_is_audited_under_the_token_label(world: World, api_a: Any) -> None:
    api_a.get(f"/api/v1/registrations/{world.registration_a.pk}")
    api_a.get("/api/v1/requests")
    labels = AuditEvent.objects.filter(actor_label="api token partner-a")
    assert labels.filter(action="access.read", object_id=str(world.registration_a.pk)).exists()
    assert labels.filter(action="access.list", object_type="tracing.tracingrequest").exists()
