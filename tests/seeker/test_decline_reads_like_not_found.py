"""A refusal does not close the request the moment the sought person answers: the seeker's page
reads the same for a declined request and for one whose person was not found, right after the
answer and later, and both close on the same schedule (when the caseworker ends the search)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from seeker_support import (
    decide,
    registration_with_contacts,
    seeker_request,
    signed_in,
    status_of,
    without_csrf,
)

from conftest import World
from peyvand.actions.decisions import ask_sought_person
from peyvand.consent.models import Choice
from peyvand.tracing.models import CaseOutcome, CaseState, TracingRequest
from peyvand.tracing.services import change_case_state


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def page(client: Client, tracing_request: TracingRequest) -> bytes:
    response = client.get("/t/status/")
    assert response.status_code == 200
    return without_csrf(response.content).replace(
        tracing_request.reference_code.encode(), b"PV-CODE"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("choice", [Choice.DECLINE, Choice.DECLINE_FOREVER])
def test_the_seeker_page_reads_the_same_for_declined_and_not_found(
    world: World, choice: str
) -> None:
    not_found = seeker_request(world.agency_a)
    declined = seeker_request(world.agency_a)
    # Both are being searched for; neither person has answered anything.
    change_case_state(world.caseworker_a, not_found.case, CaseState.SEARCHING, "searching")
    change_case_state(world.caseworker_a, declined.case, CaseState.SEARCHING, "searching")
    requests = {"not_found": not_found, "declined": declined}
    clients = {key: signed_in(req) for key, req in requests.items()}
    before = {key: page(clients[key], req) for key, req in requests.items()}
    assert before["not_found"] == before["declined"]

    decide(world, declined, registration_with_contacts(world), choice)

    # Right after the answer: nothing changed for the declined seeker.
    after = {key: page(clients[key], req) for key, req in requests.items()}
    assert after["declined"] == after["not_found"] == before["declined"]
    assert status_of(clients["declined"]) == "in_progress"

    # Later the caseworker ends both searches, at the same review: both read "closed" alike.
    change_case_state(
        world.caseworker_a,
        not_found.case,
        CaseState.CLOSED,
        "search ended",
        outcome=CaseOutcome.NOT_FOUND,
    )
    change_case_state(
        world.caseworker_a,
        declined.case,
        CaseState.CLOSED,
        "search ended",
        outcome=CaseOutcome.DECLINED,
    )
    closed = {key: page(clients[key], req) for key, req in requests.items()}
    assert closed["declined"] == closed["not_found"]
    assert status_of(clients["declined"]) == "closed"


@pytest.mark.django_db
def test_a_declined_person_is_not_asked_again_while_the_search_runs(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    registration = registration_with_contacts(world)
    decision = decide(world, tracing_request, registration, Choice.DECLINE)
    pair = decision.tracing_request.candidate_pairs.get(registration=registration)
    client = world.client_for("caseworker_a")
    response = client.post(f"/staff/pairs/{pair.pk}/ask/", {"channel": "in_person"}, follow=True)
    assert "own choices do not allow asking" in response.content.decode()
    with pytest.raises(ValidationError, match="own choices"):
        ask_sought_person(world.caseworker_a, pair, "in_person")
