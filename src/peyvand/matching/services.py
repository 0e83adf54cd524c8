"""Storing the engine's candidates and the caseworkers' review decisions; each write audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.matching.fingerprint import records_fingerprint
from peyvand.matching.models import CandidatePair, MatchReview, PairStatus, ReviewAction
from peyvand.tracing.models import CaseState, Registration, TracingRequest
from peyvand.tracing.services import change_case_state


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


def _locked(pair: CandidatePair) -> CandidatePair:
    """The pair re-read under a row lock, inside the caller's transaction: a decision is checked
    against what is committed now, not against what the page showed."""
    locked = CandidatePair.objects.select_for_update().get(pk=pair.pk)
    pair.status = locked.status
    pair.records_fingerprint = locked.records_fingerprint
    return pair


def _second_review_threshold() -> float:
    return float(getattr(settings, "PEYVAND_SECOND_REVIEW_BELOW", 0.0))


def confirm_match(actor: User, pair: CandidatePair, reason: str) -> CandidatePair:
    """A caseworker confirms that the two records are the same person. Below the configured
    probability a second reviewer must confirm too."""
    with transaction.atomic():
        # The request row is locked first so two confirmations of different pairs of one
        # request cannot both pass the "already confirmed" check.
        TracingRequest.objects.select_for_update().filter(pk=pair.tracing_request_id).exists()
        _locked(pair)
        if pair.status != PairStatus.PROPOSED:
            raise ValidationError(_("Only a pair that is waiting for review can be confirmed."))
        if pair.tracing_request.candidate_pairs.filter(
            status__in=[PairStatus.CONFIRMED, PairStatus.AWAITING_SECOND]
        ).exists():
            raise ValidationError(_("Another person is already confirmed for this request."))
        needs_second = pair.match_probability < _second_review_threshold()
        pair.status = PairStatus.AWAITING_SECOND if needs_second else PairStatus.CONFIRMED
        pair.save(update_fields=["status", "updated_at"])
        MatchReview.objects.create(
            pair=pair, action=ReviewAction.CONFIRM, reason=reason.strip()[:500], reviewer=actor
        )
        record_event(actor, "pair.confirmed", pair, reason=reason, details={"second": needs_second})
        if not needs_second:
            _case_to_confirmed(actor, pair)
    return pair


def second_confirm(actor: User, pair: CandidatePair, reason: str) -> CandidatePair:
    """The second reviewer (not the first) confirms a low-probability match."""
    with transaction.atomic():
        _locked(pair)
        if pair.status != PairStatus.AWAITING_SECOND:
            raise ValidationError(_("This pair is not waiting for a second reviewer."))
        if pair.reviews.filter(action=ReviewAction.CONFIRM, reviewer=actor).exists():
            raise ValidationError(_("The second reviewer must be someone else."))
        pair.status = PairStatus.CONFIRMED
        pair.save(update_fields=["status", "updated_at"])
        MatchReview.objects.create(
            pair=pair,
            action=ReviewAction.SECOND_CONFIRM,
            reason=reason.strip()[:500],
            reviewer=actor,
        )
        record_event(actor, "pair.second_confirmed", pair, reason=reason)
        _case_to_confirmed(actor, pair)
    return pair


def _case_to_confirmed(actor: User, pair: CandidatePair) -> None:
    case = pair.tracing_request.case
    if case.state in (CaseState.OPEN, CaseState.SEARCHING):
        change_case_state(actor, case, CaseState.MATCH_CONFIRMED, gettext_noop("Match confirmed"))


def reject_match(actor: User, pair: CandidatePair, reason: str) -> CandidatePair:
    """Reject a proposed pair with a reason; it is not proposed again unless a record changes."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for rejecting the pair.")]})
    with transaction.atomic():
        _locked(pair)
        if pair.status not in (PairStatus.PROPOSED, PairStatus.AWAITING_SECOND):
            raise ValidationError(_("Only a pair that is waiting for review can be rejected."))
        pair.status = PairStatus.REJECTED
        pair.save(update_fields=["status", "updated_at"])
        MatchReview.objects.create(
            pair=pair, action=ReviewAction.REJECT, reason=reason.strip()[:500], reviewer=actor
        )
        record_event(actor, "pair.rejected", pair, reason=reason)
    return pair


def undo_confirmation(actor: User, pair: CandidatePair, reason: str) -> CandidatePair:
    """Undo a confirmation (with a reason): the pair goes back to review, the case to searching."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for undoing the confirmation.")]})
    with transaction.atomic():
        _locked(pair)
        if pair.status not in (PairStatus.CONFIRMED, PairStatus.AWAITING_SECOND):
            raise ValidationError(_("Only a confirmed pair can be undone."))
        if pair.tracing_request.case.state == CaseState.CONTACT_ESTABLISHED:
            raise ValidationError(
                _("Contact is established on this match: the consent must be withdrawn first.")
            )
        pair.status = PairStatus.PROPOSED
        pair.save(update_fields=["status", "updated_at"])
        MatchReview.objects.create(
            pair=pair, action=ReviewAction.UNDO, reason=reason.strip()[:500], reviewer=actor
        )
        record_event(actor, "pair.undone", pair, reason=reason)
        case = pair.tracing_request.case
        if case.state in (
            CaseState.MATCH_CONFIRMED,
            CaseState.AWAITING_DECISION,
            CaseState.ON_HOLD,
        ):
            change_case_state(actor, case, CaseState.SEARCHING, reason)
    return pair
