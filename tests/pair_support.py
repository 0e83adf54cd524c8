"""A confirmed candidate pair, for tests that start after the review (one helper for all of them;
the review itself is tested through matching's services and pages in tests/staff)."""

from __future__ import annotations

from conftest import World
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.tracing.models import CaseState, Registration, TracingRequest
from peyvand.tracing.services import change_case_state


def confirmed_pair(
    world: World,
    tracing_request: TracingRequest | None = None,
    registration: Registration | None = None,
) -> CandidatePair:
    """A pair marked confirmed (agency A's request and registration unless others are given),
    its case moved to "match confirmed" as a caseworker's confirmation would."""
    tracing_request = tracing_request or world.request_a
    registration = registration or world.registration_a
    pair = CandidatePair.objects.create(
        tracing_request=tracing_request,
        registration=registration,
        model_version="test",
        match_probability=0.99,
        match_weight=12.0,
        explanation=[],
        records_fingerprint="test",
        status=PairStatus.CONFIRMED,
    )
    case = tracing_request.case
    if case.state in (CaseState.OPEN, CaseState.SEARCHING):
        change_case_state(world.caseworker_a, case, CaseState.MATCH_CONFIRMED, "Match confirmed")
    return pair
