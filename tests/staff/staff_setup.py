"""Shared set-up for the staff UI tests: candidate pairs, cases moved along, held messages."""

from __future__ import annotations

from typing import Any

from conftest import World, sought_person
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.consent.models import DecisionRequest
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.matching.services import confirm_match
from peyvand.messaging.models import Message
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import Registration, TracingRequest
from peyvand.tracing.services import register_person, submit_tracing_request

EXPLANATION: list[dict[str, Any]] = [
    {
        "field": "family_name",
        "level": "same skeleton",
        "weight": 6.1,
        "text": "family name: same Persian skeleton — Khodabande ~ خدابنده, +6.1",
    },
    {
        "field": "given_name",
        "level": "compound joined",
        "weight": 3.05,
        "text": "given name: Mohammad Reza ~ محمدرضا, +3.1",
    },
    {
        "field": "birth_year",
        "level": "differ by 3+",
        "weight": -2.4,
        "text": "birth year: 1966 vs 1345 (1966/67), -2.4",
    },
]
REFUSED = ("seeker", "registrant", "outsider", "caseworker_b")


def make_pair(
    tracing_request: TracingRequest,
    registration: Registration,
    *,
    probability: float = 0.93,
    status: str = PairStatus.PROPOSED,
) -> CandidatePair:
    return CandidatePair.objects.create(
        tracing_request=tracing_request,
        registration=registration,
        model_version="names-test-1",
        match_probability=probability,
        match_weight=6.75,
        explanation=EXPLANATION,
        records_fingerprint="set-up-by-test",
        status=status,
    )


def confirmed_pair(world: World) -> CandidatePair:
    pair = make_pair(world.request_a, world.registration_a)
    return confirm_match(world.caseworker_a, pair, "same father, same birthplace")


def asked_in_person(world: World) -> DecisionRequest:
    return ask_sought_person(world.caseworker_a, confirmed_pair(world), "in_person")


def contact_established(world: World) -> None:
    """Agency A's case moved to contact established with 'messages only' in force."""
    record_decision(
        world.caseworker_a, asked_in_person(world), "messages_only", channel="in_person"
    )


def add_request_and_registration(world: World, index: int) -> tuple[TracingRequest, Registration]:
    """One more request and registration in agency A, so list pages grow."""
    tracing_request = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full=f"مریم رضایی {index}")], sex="f"),
        sought=sought_person(f"رضا رضایی {index}"),
        relationship="sibling",
    )
    registration = register_person(
        None,
        world.agency_a,
        PersonInput(names=[NameInput(full=f"Reza Rezaei {index}")], sex="m"),
        consent_method="in_person",
    )
    return tracing_request, registration


def hold_message(
    tracing_request: TracingRequest, body: str = "call me on 0912 345 6789"
) -> Message:
    """A held message set up directly (moderation of real ones is tested through the services)."""
    return Message.objects.create(
        case=tracing_request.case,
        direction="to_sought",
        body=body,
        flags=["phone"],
        status="held",
    )
