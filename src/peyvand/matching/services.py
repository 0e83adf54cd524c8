"""The caseworkers' review decisions on candidate pairs; each write audited (the engine's
candidates are stored by ``peyvand.matching.candidate_store``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.matching.models import CandidatePair, MatchReview, PairStatus, ReviewAction
from peyvand.tracing.models import CaseState, TracingRequest
from peyvand.tracing.services import change_case_state


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
