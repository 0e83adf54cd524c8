"""What a seeker without an account can do: prove who they are with a code and a
passphrase, and see a neutral status that never says why a request closed."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peyvand.audit.services import record_event
from peyvand.core.access import NotFound
from peyvand.core.digits import ascii_digits
from peyvand.core.sessions import SEEKER_SESSION_KEY
from peyvand.tracing.models import CaseState, RequestStatus, TracingRequest

# A hash that no passphrase matches, checked when the code is unknown so that a wrong code and a
# wrong passphrase cost the same time.
_UNUSABLE = make_password(None)


def new_passphrase() -> str:
    """Twelve digits in three groups (about 40 bits): easy to read aloud, print and type."""
    digits = "".join(secrets.choice("0123456789") for _ in range(12))
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"


def normalise_code(text: str) -> str:
    """Accept a reference code typed in lower case, with spaces, without dashes or in Persian
    digits: ``pv 7k3m q9tx`` and ``PV-7K3M-Q9TX`` are the same code."""
    body = "".join(c for c in ascii_digits(text).upper() if c.isalnum())
    body = body.removeprefix("PV")
    return f"PV-{body[:4]}-{body[4:]}" if len(body) == 8 else f"PV-{body}"


def normalise_passphrase(text: str) -> str:
    """Digits only, grouped as issued, whatever separators or digits the seeker typed."""
    digits = "".join(c for c in ascii_digits(text) if c.isdigit())
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}" if len(digits) == 12 else digits


def authenticate_seeker(code: str, passphrase: str) -> TracingRequest | None:
    """The request whose code and passphrase both match, else None (same cost either way)."""
    tracing_request = (
        TracingRequest.objects.filter(reference_code=normalise_code(code))
        .exclude(Q(passphrase_hash=""))
        .first()
    )
    stored = tracing_request.passphrase_hash if tracing_request is not None else _UNUSABLE
    matches = check_password(normalise_passphrase(passphrase), stored)
    return tracing_request if matches and tracing_request is not None else None


class SeekerStatus:
    """The six neutral statuses a seeker may see. ``in_contact`` exists only while the sought
    person's own choice (messages or shared details) is in force, so it reveals no refusal: a
    refusal is ``closed``, like every other end."""

    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    MESSAGE_WAITING = "message_waiting"
    CONTACT_SHARED = "contact_shared"
    IN_CONTACT = "in_contact"
    CLOSED = "closed"

    LABELS = {
        RECEIVED: _("Received"),
        IN_PROGRESS: _("In progress"),
        MESSAGE_WAITING: _("A message is waiting for you"),
        CONTACT_SHARED: _("Contact details have been shared with you"),
        IN_CONTACT: _("You are in contact through messages"),
        CLOSED: _("Closed"),
    }
    EXPLANATIONS = {
        RECEIVED: _("Your request has been received. A caseworker will start working on it."),
        IN_PROGRESS: _("Caseworkers are working on your request. This can take a long time."),
        MESSAGE_WAITING: _("There is a message for you below."),
        CONTACT_SHARED: _("The person you are looking for chose to share how to reach them."),
        IN_CONTACT: _(
            "The person you are looking for chose to stay in touch through messages here. "
            "New messages will show on this page; you can write to them below."
        ),
        CLOSED: _(
            "This request is closed. You can file a new request at any time if you have new "
            "information."
        ),
    }


def seeker_status(
    tracing_request: TracingRequest,
    *,
    unread_messages: int,
    contact_shared: bool,
    in_contact: bool = False,
) -> str:
    """Map the case to a neutral status. Every closing cause maps to the same ``closed``."""
    if tracing_request.withdrawn_at is not None or tracing_request.status == RequestStatus.CLOSED:
        return SeekerStatus.CLOSED
    case = tracing_request.case
    if case.state == CaseState.CLOSED:
        return SeekerStatus.CLOSED
    if case.state == CaseState.CONTACT_ESTABLISHED:
        if unread_messages:
            return SeekerStatus.MESSAGE_WAITING
        if contact_shared:
            return SeekerStatus.CONTACT_SHARED
        if in_contact:
            return SeekerStatus.IN_CONTACT
    if case.state == CaseState.OPEN:
        return SeekerStatus.RECEIVED
    return SeekerStatus.IN_PROGRESS


def seeker_label(tracing_request: TracingRequest) -> str:
    """How a seeker without an account appears in the audit trail."""
    return f"seeker of {tracing_request.reference_code}"


def access_seeker_request(session: SessionBase) -> TracingRequest:
    """The request this browser session proved it may follow, or NotFound; audited."""
    request_id = session.get(SEEKER_SESSION_KEY)
    tracing_request = (
        TracingRequest.objects.select_related("case", "seeker").filter(pk=request_id).first()
        if isinstance(request_id, int)
        else None
    )
    if tracing_request is None:
        raise NotFound()
    record_event(
        None,
        "access.read",
        tracing_request,
        label=seeker_label(tracing_request),
        details={"via": "track page"},
    )
    return tracing_request
