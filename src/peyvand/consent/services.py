"""The sought person's decisions: what is in force, whether they may be asked, withdrawing.

Asking them and recording their answer drive the case and the relay as well, so those two
steps live in ``peyvand.actions.decisions``. Each write here is one audited write."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.consent.models import (
    CONTACT_CHOICES,
    Choice,
    Decision,
)
from peyvand.tracing.models import (
    CLOSE_FAMILY,
    CaseOutcome,
    CaseState,
    FindableBy,
    Registration,
    TracingRequest,
)
from peyvand.tracing.services import change_case_state


def decision_in_force(
    registration: Registration, tracing_request: TracingRequest
) -> Decision | None:
    """The sought person's latest decision about this seeker that has not been withdrawn."""
    latest = (
        Decision.objects.filter(registration=registration, tracing_request=tracing_request)
        .order_by("-decided_at", "-id")
        .first()
    )
    return latest if latest is not None and latest.in_force else None


def never_ask_again(registration: Registration, tracing_request: TracingRequest) -> bool:
    """True once the person declined this seeker for good (on this or another request)."""
    same_seeker = Decision.objects.filter(
        registration=registration, choice=Choice.DECLINE_FOREVER, withdrawn_at__isnull=True
    )
    if tracing_request.seeker_user_id is not None:
        return (
            same_seeker.filter(
                tracing_request__seeker_user_id=tracing_request.seeker_user_id
            ).exists()
            or same_seeker.filter(tracing_request=tracing_request).exists()
        )
    return same_seeker.filter(tracing_request=tracing_request).exists()


def _standing_choice_allows(registration: Registration, tracing_request: TracingRequest) -> bool:
    if not registration.may_be_traced or registration.findable_by == FindableBy.NOBODY:
        return False
    if registration.findable_by == FindableBy.CLOSE_FAMILY:
        return tracing_request.relationship in CLOSE_FAMILY
    return True


def _refusal_in_force(registration: Registration, tracing_request: TracingRequest) -> bool:
    # A declined case stays open until its search ends (see peyvand.actions.decisions); the
    # person is not asked again meanwhile unless they withdraw their refusal themselves.
    decision = decision_in_force(registration, tracing_request)
    return decision is not None and decision.choice in (Choice.DECLINE, Choice.DECLINE_FOREVER)


def may_be_asked(registration: Registration, tracing_request: TracingRequest) -> bool:
    """Whether the person's own choices allow asking them about this request at all."""
    return not (
        never_ask_again(registration, tracing_request)
        or _refusal_in_force(registration, tracing_request)
        or not _standing_choice_allows(registration, tracing_request)
    )


def withdraw_decision(actor: User, decision: Decision) -> Decision:
    """Withdraw a decision now. Withdrawing consent to contact stops all sharing and relaying at
    once and closes the case; withdrawing a refusal only marks it withdrawn."""
    if decision.withdrawn_at is not None:
        return decision
    with transaction.atomic():
        decision.withdrawn_at = timezone.now()
        decision.save(update_fields=["withdrawn_at"])
        record_event(actor, "consent.withdrawn", decision)
        case = decision.tracing_request.case
        if decision.choice in CONTACT_CHOICES and case.state != CaseState.CLOSED:
            change_case_state(
                actor,
                case,
                CaseState.CLOSED,
                gettext_noop("The sought person withdrew their consent"),
                outcome=CaseOutcome.DECLINED,
            )
    return decision
