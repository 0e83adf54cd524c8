"""What a seeker without an account does and sees on the track page (tracing, consent, matching
and messaging at once, hence an action).

Writes (add information, withdraw) run in a transaction and are audited under the seeker's label.
``seeker_view`` gathers the only things the track page may show: a neutral status, contact details
the sought person chose to share, relayed messages. A closed request shows nothing else at all, so
its page cannot tell "nobody was found" from "the person declined" or "you withdrew".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.audit.models import AuditEvent
from peyvand.audit.services import record_event
from peyvand.consent.models import AskStatus, Choice, DecisionRequest
from peyvand.consent.services import decision_in_force
from peyvand.matching.confirmed import confirmed_pair
from peyvand.messaging.models import Direction, Message, MessageStatus
from peyvand.messaging.services import mark_read, relay_allowed, write_message
from peyvand.people.models import ContactDetail
from peyvand.tracing.models import (
    CaseNote,
    CaseOutcome,
    CaseState,
    RequestStatus,
    TracingRequest,
)
from peyvand.tracing.seeker import SeekerStatus, seeker_label, seeker_status
from peyvand.tracing.services import change_case_state

MAX_ADDITION_LENGTH = 5000


def is_closed(tracing_request: TracingRequest) -> bool:
    """Closed for the seeker, whatever the cause (the seeker is never told which)."""
    return (
        tracing_request.withdrawn_at is not None
        or tracing_request.status == RequestStatus.CLOSED
        or tracing_request.case.state == CaseState.CLOSED
    )


def add_seeker_information(tracing_request: TracingRequest, text: str) -> CaseNote:
    """Append what the seeker adds to the request as a case note without a staff author."""
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({"text": [_("Please write what you want to add.")]})
    if len(cleaned) > MAX_ADDITION_LENGTH:
        raise ValidationError(
            {"text": [_("Please write at most %(n)s characters.") % {"n": MAX_ADDITION_LENGTH}]}
        )
    if is_closed(tracing_request):
        raise ValidationError(_("This request is closed."))
    with transaction.atomic():
        note = CaseNote.objects.create(case=tracing_request.case, author=None, text=cleaned)
        record_event(
            None,
            "case.note_added",
            note,
            details={"case": tracing_request.case.pk, "by": "seeker"},
            label=seeker_label(tracing_request),
        )
    return note


def withdraw_tracing_request(tracing_request: TracingRequest) -> TracingRequest:
    """Withdraw now: the request and its case close (outcome "withdrawn"), questions still put to
    the sought person are cancelled, and relaying stops because the case is no longer in contact."""
    if tracing_request.withdrawn_at is not None:
        return tracing_request
    label = seeker_label(tracing_request)
    with transaction.atomic():
        tracing_request.withdrawn_at = timezone.now()
        tracing_request.status = RequestStatus.CLOSED
        tracing_request.save(update_fields=["withdrawn_at", "status"])
        record_event(None, "tracing_request.withdrawn", tracing_request, label=label)
        case = tracing_request.case
        if case.state != CaseState.CLOSED:
            change_case_state(
                None,
                case,
                CaseState.CLOSED,
                gettext_noop("Withdrawn by the seeker"),
                outcome=CaseOutcome.WITHDRAWN,
            )
        pending = DecisionRequest.objects.filter(
            tracing_request=tracing_request, status=AskStatus.PENDING
        )
        for asked in pending:
            asked.status = AskStatus.CANCELLED
            asked.save(update_fields=["status"])
            record_event(
                None, "consent.ask_cancelled", asked, details={"why": "withdrawn"}, label=label
            )
    return tracing_request


@dataclass
class FiledSummary:
    """What the family sent, as they wrote it, and what they added later: nothing the registry,
    a candidate or a caseworker contributed."""

    sought_names: list[str]
    relationship: str
    filed_on: datetime.date
    last_contact_date: datetime.date | None
    last_contact_precision: str
    last_contact_calendar: str
    last_contact_text: str
    last_contact_place: str
    additions: list[CaseNote]


@dataclass
class SeekerView:
    """Everything the track page shows; empty lists for a closed request."""

    status: str
    reference_code: str = ""
    closed: bool = False
    summary: FiledSummary | None = None
    shared_contacts: list[ContactDetail] = field(default_factory=list)
    unread: list[Message] = field(default_factory=list)
    received: list[Message] = field(default_factory=list)
    sent: list[Message] = field(default_factory=list)
    may_reply: bool = False

    @property
    def label(self) -> str:
        return str(SeekerStatus.LABELS[self.status])

    @property
    def explanation(self) -> str:
        return str(SeekerStatus.EXPLANATIONS[self.status])


def shared_contacts(tracing_request: TracingRequest) -> list[ContactDetail]:
    """The sought person's contact details of exactly the kinds a share_contact decision in force
    lists; nothing when there is no such decision."""
    pair = confirmed_pair(tracing_request)
    if pair is None:
        return []
    decision = decision_in_force(pair.registration, tracing_request)
    if decision is None or decision.choice != Choice.SHARE_CONTACT or not decision.shared_kinds:
        return []
    return list(
        pair.registration.person.contacts.filter(kind__in=decision.shared_kinds).order_by("id")
    )


def seeker_additions(tracing_request: TracingRequest) -> list[CaseNote]:
    """The notes the seeker added on the track page. A note's author is cleared when a staff
    account goes, so authorship is read from the audit trail, which records each of the seeker's
    notes under the seeker's label and never changes."""
    added_by_seeker = AuditEvent.objects.filter(
        action="case.note_added",
        object_type=CaseNote._meta.label_lower,
        actor__isnull=True,
        actor_label=seeker_label(tracing_request),
    ).values_list("object_id", flat=True)
    ids = [int(value) for value in added_by_seeker if value.isdigit()]
    return list(
        CaseNote.objects.filter(case=tracing_request.case, author=None, pk__in=ids).order_by(
            "created_at", "pk"
        )
    )


def filed_summary(tracing_request: TracingRequest) -> FiledSummary:
    """The request as the family filed it (the sought person as they described them)."""
    return FiledSummary(
        sought_names=[name.full for name in tracing_request.sought.names.all()],
        relationship=tracing_request.get_relationship_display(),
        filed_on=timezone.localdate(tracing_request.created_at),
        last_contact_date=tracing_request.last_contact_date,
        last_contact_precision=tracing_request.last_contact_precision,
        last_contact_calendar=tracing_request.last_contact_calendar,
        last_contact_text=tracing_request.last_contact_text,
        last_contact_place=tracing_request.last_contact_place,
        additions=seeker_additions(tracing_request),
    )


def seeker_view(tracing_request: TracingRequest) -> SeekerView:
    """What the seeker may see now. A closed request returns before anything else is read."""
    if is_closed(tracing_request):
        return SeekerView(status=SeekerStatus.CLOSED, closed=True)
    case = tracing_request.case
    messages = list(case.messages.all())
    to_seeker = [
        m
        for m in messages
        if m.direction == Direction.TO_SEEKER and m.status == MessageStatus.DELIVERED
    ]
    unread = [m for m in to_seeker if m.read_at is None]
    contacts = shared_contacts(tracing_request)
    may_reply = relay_allowed(case)
    status = seeker_status(
        tracing_request,
        unread_messages=len(unread),
        contact_shared=bool(contacts),
        in_contact=may_reply,
    )
    return SeekerView(
        status=status,
        reference_code=tracing_request.reference_code,
        summary=filed_summary(tracing_request),
        shared_contacts=contacts,
        unread=unread,
        received=[m for m in to_seeker if m.read_at is not None],
        sent=[m for m in messages if m.direction == Direction.TO_SOUGHT],
        may_reply=may_reply,
    )


def read_messages(tracing_request: TracingRequest, *, allow_receipt: bool) -> int:
    """Mark every delivered message to the seeker read; the writer sees it only if allowed.
    Nothing happens once the request is closed. Returns how many were marked."""
    if is_closed(tracing_request):
        return 0
    unread = tracing_request.case.messages.filter(
        direction=Direction.TO_SEEKER, status=MessageStatus.DELIVERED, read_at__isnull=True
    )
    with transaction.atomic():
        marked = [mark_read(None, message, allow_receipt=allow_receipt) for message in unread]
        for message in marked:
            record_event(
                None, "message.read_by_seeker", message, label=seeker_label(tracing_request)
            )
    return len(marked)


def reply_to_sought(tracing_request: TracingRequest, body: str) -> Message:
    """Relay the seeker's message to the sought person (held or delivered by the relay rules)."""
    if is_closed(tracing_request):
        raise ValidationError(_("Messages cannot be sent on this request now."))
    with transaction.atomic():
        message = write_message(None, tracing_request.case, Direction.TO_SOUGHT, body)
        record_event(
            None, "message.written_by_seeker", message, label=seeker_label(tracing_request)
        )
    return message
