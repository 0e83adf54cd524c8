"""Asking the sought person and recording what they decide. Each function is one audited write."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.consent.models import (
    CONTACT_CHOICES,
    AskStatus,
    Channel,
    Choice,
    Decision,
    DecisionRequest,
)
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.messaging.notify import notify_decision_requested
from peyvand.messaging.services import release_first_message
from peyvand.tracing.models import (
    CLOSE_FAMILY,
    CaseOutcome,
    CaseState,
    FindableBy,
    Registration,
    TracingRequest,
)
from peyvand.tracing.services import change_case_state
from peyvand.tracing.states import SEARCHING_STATES


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
    # A declined case stays open until its search ends (see _move_case_after_decision); the
    # person is not asked again meanwhile unless they withdraw their refusal themselves.
    decision = decision_in_force(registration, tracing_request)
    return decision is not None and decision.choice in (Choice.DECLINE, Choice.DECLINE_FOREVER)


def ask_sought_person(actor: User, pair: CandidatePair, channel: str) -> DecisionRequest:
    """Ask the registered person of a confirmed pair whether and how they want contact."""
    registration, tracing_request = pair.registration, pair.tracing_request
    if pair.status != PairStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed match can be put to the sought person."))
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Choose how the person is asked.")]})
    if channel == Channel.APP and registration.user is None:
        raise ValidationError(
            {"channel": [_("This person has no account: ask them in person or by phone.")]}
        )
    if (
        never_ask_again(registration, tracing_request)
        or _refusal_in_force(registration, tracing_request)
        or not _standing_choice_allows(registration, tracing_request)
    ):
        raise ValidationError(
            _("This person's own choices do not allow asking them about this request.")
        )
    with transaction.atomic():
        DecisionRequest.objects.filter(
            registration=registration, tracing_request=tracing_request, status=AskStatus.PENDING
        ).update(status=AskStatus.CANCELLED)
        asked = DecisionRequest.objects.create(
            registration=registration,
            tracing_request=tracing_request,
            channel=channel,
            asked_by=actor,
        )
        case = tracing_request.case
        if case.state in SEARCHING_STATES:
            # The pair is confirmed, so the case belongs in "match confirmed" before asking.
            change_case_state(
                actor, case, CaseState.MATCH_CONFIRMED, gettext_noop("Match confirmed")
            )
        if case.state != CaseState.AWAITING_DECISION:
            change_case_state(
                actor, case, CaseState.AWAITING_DECISION, gettext_noop("Sought person asked")
            )
        record_event(actor, "consent.asked", asked, details={"channel": channel})
        if channel == Channel.APP:
            notify_decision_requested(registration)
    return asked


def record_decision(
    actor: User,
    asked: DecisionRequest,
    choice: str,
    *,
    channel: str,
    shared_kinds: list[str] | None = None,
) -> Decision:
    """Record the sought person's answer and move the case accordingly.

    Contact details can be shared only of the kinds the person holds and chose; "messages only"
    and the refusals share none.
    """
    registration, tracing_request = asked.registration, asked.tracing_request
    kinds = sorted(set(shared_kinds or []))
    if choice not in Choice.values:
        raise ValidationError({"choice": [_("Choose one of the answers.")]})
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Say how the person gave the answer.")]})
    if asked.status != AskStatus.PENDING:
        raise ValidationError(_("This question has already been answered or cancelled."))
    held = set(registration.person.contacts.values_list("kind", flat=True))
    if choice == Choice.SHARE_CONTACT and (not kinds or not set(kinds) <= held):
        raise ValidationError(
            {"shared_kinds": [_("Choose at least one of the person's own contact details.")]}
        )
    if choice != Choice.SHARE_CONTACT:
        kinds = []
    with transaction.atomic():
        decision = Decision.objects.create(
            registration=registration,
            tracing_request=tracing_request,
            choice=choice,
            shared_kinds=kinds,
            channel=channel,
            recorded_by=actor,
        )
        asked.status = AskStatus.ANSWERED
        asked.save(update_fields=["status"])
        record_event(
            actor, "consent.decided", decision, details={"choice": choice, "channel": channel}
        )
        _move_case_after_decision(actor, tracing_request, choice)
    return decision


def _move_case_after_decision(actor: User, tracing_request: TracingRequest, choice: str) -> None:
    case = tracing_request.case
    reason = gettext_noop("Decision of the sought person recorded")
    if choice in CONTACT_CHOICES:
        change_case_state(actor, case, CaseState.CONTACT_ESTABLISHED, reason)
        release_first_message(tracing_request)
    elif choice == Choice.NOT_NOW:
        change_case_state(actor, case, CaseState.ON_HOLD, reason)
    else:
        # A refusal must read like "not found" on the seeker's page, at the same times too: a
        # case that closed the moment the person answered would tell the seeker when, and so
        # that, they refused. The case goes back to the search, where every request whose
        # person was not found stays until a caseworker ends the search; the caseworker closes
        # it then (outcome "declined") on the same schedule as the searches that found nobody.
        change_case_state(actor, case, CaseState.SEARCHING, reason)


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
