"""The confirmed candidate pair of a tracing request: the link from a seeker's request to the
registration of the person found, which consent, relaying and letters all start from."""

from __future__ import annotations

from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.tracing.models import TracingRequest


def confirmed_pair(tracing_request: TracingRequest) -> CandidatePair | None:
    """The request's confirmed pair with its registration and person, or None."""
    return (
        tracing_request.candidate_pairs.filter(status=PairStatus.CONFIRMED)
        .select_related("registration__person")
        .first()
    )
