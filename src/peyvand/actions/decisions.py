"""Asking the sought person and recording what they decide: the consent app's records, the case
moved along, and the messaging that follows (a notice when asked in the app; the seeker's first
message released once contact is agreed). Each function is one transaction, each step audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
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
from peyvand.consent.services import may_be_asked
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.messaging.notify import notify_decision_requested
from peyvand.messaging.services import release_first_message
from peyvand.tracing.models import CaseState, TracingRequest
from peyvand.tracing.services import change_case_state
from peyvand.tracing.states import SEARCHING_STATES


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
    if not may_be_asked(registration, tracing_request):
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
