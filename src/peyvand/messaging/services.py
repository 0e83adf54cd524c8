"""Relaying family news: write, hold for moderation, deliver, mark read. Each write audited."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.consent.models import CONTACT_CHOICES
from peyvand.consent.services import decision_in_force
from peyvand.matching.confirmed import confirmed_pair
from peyvand.messaging.contact_flags import contact_flags
from peyvand.messaging.models import Direction, Message, MessageStatus
from peyvand.messaging.notify import (
    notify_message_waiting_for_seeker,
    notify_message_waiting_for_sought,
)
from peyvand.messaging.relay import EARLIER_MESSAGES, number_over_messages
from peyvand.tracing.models import Case, CaseState, TracingRequest

MAX_MESSAGE_LENGTH = 5000
# How far back a number split over several messages is looked for.
SPLIT_NUMBER_WINDOW = timedelta(days=7)


def relay_allowed(case: Case) -> bool:
    """Messages flow only while contact is established under a decision in force."""
    if case.state != CaseState.CONTACT_ESTABLISHED:
        return False
    tracing_request = case.tracing_request
    confirmed = confirmed_pair(tracing_request)
    if confirmed is None:
        return False
    decision = decision_in_force(confirmed.registration, tracing_request)
    return decision is not None and decision.choice in CONTACT_CHOICES


def _deliver(message: Message) -> None:
    message.status = MessageStatus.DELIVERED
    message.delivered_at = timezone.now()
    message.save(update_fields=["status", "delivered_at"])
    tracing_request = message.case.tracing_request
    if message.direction == Direction.TO_SEEKER:
        notify_message_waiting_for_seeker(tracing_request)
        return
    confirmed = confirmed_pair(tracing_request)
    if confirmed is not None:
        notify_message_waiting_for_sought(confirmed.registration)


def _relay_flags(case: Case, direction: str, text: str) -> list[str]:
    """What moderation should look at: contact details in the text, or a phone number that the
    text completes with the same writer's messages of the last days."""
    flags = contact_flags(text)
    if "phone" in flags:
        return flags
    since = timezone.now() - SPLIT_NUMBER_WINDOW
    recent = case.messages.filter(direction=direction, created_at__gte=since).order_by(
        "-created_at", "-id"
    )[:EARLIER_MESSAGES]
    earlier = [message.body for message in reversed(recent)]
    if number_over_messages(earlier, text):
        # "over_messages" tells the caseworker to read the earlier messages with this one.
        return ["phone", "over_messages", *flags]
    return flags


def write_message(actor: User | None, case: Case, direction: str, body: str) -> Message:
    """Relay a message, or hold it when it seems to carry contact details or the agency
    moderates every message. Refused unless contact is established with consent in force."""
    text = body.strip()
    if direction not in Direction.values:
        raise ValidationError({"direction": [_("Unknown message direction.")]})
    if not text:
        raise ValidationError({"body": [_("A message cannot be empty.")]})
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {"body": [_("A message can be at most %(n)s characters.") % {"n": MAX_MESSAGE_LENGTH}]}
        )
    if not relay_allowed(case):
        raise ValidationError(_("Messages cannot be sent on this request now."))
    flags = _relay_flags(case, direction, text)
    held = bool(flags) or case.agency.moderates_messages
    with transaction.atomic():
        message = Message.objects.create(
            case=case,
            direction=direction,
            body=text,
            flags=flags,
            status=MessageStatus.HELD,
            author=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(
            actor, "message.written", message, details={"direction": direction, "flags": flags}
        )
        if not held:
            _deliver(message)
    return message


def moderate_message(actor: User, message: Message, *, approve: bool, reason: str) -> Message:
    """A caseworker relays a held message or stops it; stopping needs a reason (relaying
    carries what the sought person agreed to, so it needs none — a note may still be kept)."""
    if message.status != MessageStatus.HELD:
        raise ValidationError(_("This message is not waiting for moderation."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for stopping the message.")]})
    if approve and not relay_allowed(message.case):
        raise ValidationError(_("Messages cannot be relayed on this request now."))
    with transaction.atomic():
        message.moderated_by = actor
        message.moderation_reason = reason.strip()[:250]
        message.save(update_fields=["moderated_by", "moderation_reason"])
        if approve:
            _deliver(message)
        else:
            message.status = MessageStatus.REJECTED
            message.save(update_fields=["status"])
        record_event(
            actor, "message.moderated", message, reason=reason, details={"approved": approve}
        )
    return message


def mark_read(actor: User | None, message: Message, *, allow_receipt: bool) -> Message:
    """Mark a delivered message read; the writer sees this only if the reader allows it."""
    if message.status != MessageStatus.DELIVERED or message.read_at is not None:
        return message
    with transaction.atomic():
        message.read_at = timezone.now()
        message.receipt_allowed = allow_receipt
        message.save(update_fields=["read_at", "receipt_allowed"])
        record_event(actor, "message.read", message, details={"receipt": allow_receipt})
    return message


def release_first_message(tracing_request: TracingRequest) -> Message | None:
    """Once contact is agreed, relay the message the seeker wrote with the request (if any)."""
    if not tracing_request.message_for_sought.strip():
        return None
    already = tracing_request.case.messages.filter(direction=Direction.TO_SOUGHT).exists()
    if already:
        return None
    return write_message(
        None, tracing_request.case, Direction.TO_SOUGHT, tracing_request.message_for_sought
    )
