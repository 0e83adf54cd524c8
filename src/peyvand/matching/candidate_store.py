"""Storing the engine's candidates: pairs created or refreshed for review, each write audited.

Kept apart from the review decisions (``peyvand.matching.services``), which move cases along
through ``peyvand.tracing``: the engine stores what it found without reaching up into them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from peyvand.audit.services import record_event
from peyvand.matching.fingerprint import records_fingerprint
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.tracing.models import Registration, TracingRequest


@dataclass(frozen=True)
class ScoredCandidate:
    """One engine result for a (request, registration) pair."""

    tracing_request_id: int
    registration_id: int
    match_probability: float
    match_weight: float
    explanation: list[dict[str, Any]]


def store_candidates(candidates: list[ScoredCandidate], model_version: str) -> int:
    """Create or refresh candidate pairs; return how many are (again) waiting for review.

    A rejected pair stays rejected unless one of its records changed materially since it was
    scored; a confirmed pair is never touched by the engine. The pair's status is read under a
    row lock inside the transaction that writes it, so a caseworker's decision committed while
    the engine was scoring is never overwritten.
    """
    # Both sides' persons and names in four queries for the lot, not four per candidate (a
    # re-link or the demo stores tens of thousands).
    requests = (
        TracingRequest.objects.select_related("sought")
        .prefetch_related("sought__names")
        .in_bulk({c.tracing_request_id for c in candidates})
    )
    registrations = (
        Registration.objects.select_related("person")
        .prefetch_related("person__names")
        .in_bulk({c.registration_id for c in candidates})
    )
    waiting = 0
    for candidate in candidates:
        tracing_request = requests.get(candidate.tracing_request_id)
        registration = registrations.get(candidate.registration_id)
        if tracing_request is None or registration is None:
            continue  # erased since it was scored: nothing left to propose
        fingerprint = records_fingerprint(tracing_request.sought, registration.person)
        values = {
            "model_version": model_version,
            "match_probability": candidate.match_probability,
            "match_weight": candidate.match_weight,
            "explanation": candidate.explanation,
            "records_fingerprint": fingerprint,
            "status": PairStatus.PROPOSED,
        }
        with transaction.atomic():
            pair, created = CandidatePair.objects.select_for_update().get_or_create(
                tracing_request=tracing_request, registration=registration, defaults=values
            )
            if not created:
                if _decided(pair, fingerprint):
                    continue
                for field, value in values.items():
                    setattr(pair, field, value)
                pair.save(update_fields=[*values, "updated_at"])
            action = "pair.proposed" if created else "pair.rescored"
            record_event(None, action, pair, details={"p": round(candidate.match_probability, 4)})
        waiting += 1
    return waiting


def _decided(pair: CandidatePair, fingerprint: str) -> bool:
    """A human decision the engine must keep: confirmed, awaiting a second reviewer, or
    rejected on the same facts."""
    return pair.status in (PairStatus.CONFIRMED, PairStatus.AWAITING_SECOND) or (
        pair.status == PairStatus.REJECTED and pair.records_fingerprint == fingerprint
    )
