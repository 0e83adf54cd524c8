"""Writes to tracing requests, registrations and cases; each in a transaction, each audited."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.accounts.models import AGENCY_ROLES, Agency, User
from peyvand.audit.services import record_event
from peyvand.core.dates import DateParseError, parse_partial_date
from peyvand.people.services import PersonInput, clean_person, create_person
from peyvand.tracing.models import (
    Case,
    CaseNote,
    CaseOutcome,
    CaseState,
    CaseTransition,
    ConsentMethod,
    Registration,
    Relationship,
    TracingRequest,
)
from peyvand.tracing.queue import queue_matching
from peyvand.tracing.states import may_move

# No 0/O, 1/I/L: codes are read aloud on the phone and copied from paper.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_reference_code() -> str:
    """A reference code such as ``PV-7K3M-Q9TX`` (40 bits of randomness), unique in the table."""
    while True:
        body = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        code = f"PV-{body[:4]}-{body[4:]}"
        if not TracingRequest.objects.filter(reference_code=code).exists():
            return code


def submit_tracing_request(
    actor: User | None,
    agency: Agency,
    *,
    seeker: PersonInput,
    sought: PersonInput,
    relationship: str,
    last_contact_text: str = "",
    last_contact_place: str = "",
    circumstances: str = "",
    message_for_sought: str = "",
    seeker_user: User | None = None,
    passphrase: str = "",
) -> TracingRequest:
    """File a tracing request and open its case. Validates everything before writing anything.

    ``passphrase`` (see ``tracing.seeker.new_passphrase``) lets a seeker without an account follow
    the request on the track page; only its hash is stored. Matching is queued after commit.
    """
    errors: dict[str, list[str]] = {}
    for prefix, person in (("seeker", seeker), ("sought", sought)):
        try:
            clean_person(person)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors[f"{prefix}.{field_name}"] = messages
    if relationship not in Relationship.values:
        errors["relationship"] = [_("Choose how the sought person is related to you.")]
    last_contact = None
    if last_contact_text.strip():
        try:
            last_contact = parse_partial_date(last_contact_text)
        except DateParseError as exc:
            errors["last_contact_text"] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tracing_request = TracingRequest.objects.create(
            reference_code=new_reference_code(),
            agency=agency,
            seeker=create_person(actor, agency, seeker),
            seeker_user=seeker_user,
            sought=create_person(actor, agency, sought),
            relationship=relationship,
            last_contact_date=last_contact.value if last_contact else None,
            last_contact_precision=str(last_contact.precision) if last_contact else "",
            last_contact_calendar=str(last_contact.calendar) if last_contact else "",
            last_contact_text=last_contact.text if last_contact else "",
            last_contact_place=last_contact_place.strip(),
            circumstances=circumstances.strip(),
            message_for_sought=message_for_sought.strip(),
            passphrase_hash=make_password(passphrase) if passphrase else "",
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        case = Case.objects.create(tracing_request=tracing_request, agency=agency)
        record_event(actor, "tracing_request.submitted", tracing_request)
        record_event(actor, "case.opened", case)
        queue_matching(request_id=tracing_request.pk)
    return tracing_request


def register_person(
    actor: User | None,
    agency: Agency,
    person: PersonInput,
    *,
    consent_method: str,
    user: User | None = None,
    may_be_traced: bool = True,
) -> Registration:
    """Store a separated person's own record with how their consent was given."""
    if consent_method not in ConsentMethod.values:
        raise ValidationError({"consent_method": [_("Say how the person gave their consent.")]})
    clean_person(person)
    with transaction.atomic():
        registration = Registration.objects.create(
            agency=agency,
            person=create_person(actor, agency, person),
            user=user,
            consent_method=consent_method,
            consent_recorded_by=actor if actor is not None and actor.is_authenticated else None,
            may_be_traced=may_be_traced,
        )
        record_event(
            actor, "registration.created", registration, details={"consent": consent_method}
        )
        queue_matching(registration_id=registration.pk)
    return registration


def assign_case(actor: User, case: Case, assignee: User | None) -> Case:
    """Assign a case to a caseworker or supervisor of the case's own agency (or unassign)."""
    if assignee is not None and (
        assignee.role not in AGENCY_ROLES or assignee.agency_id != case.agency_id
    ):
        raise ValidationError(
            {"assigned_to": [_("A case can only be assigned to staff of its own agency.")]}
        )
    with transaction.atomic():
        case.assigned_to = assignee
        case.save(update_fields=["assigned_to"])
        record_event(
            actor, "case.assigned", case, details={"assignee": assignee.pk if assignee else None}
        )
    return case


def change_case_state(
    actor: User | None, case: Case, state: str, reason: str, *, outcome: str = ""
) -> Case:
    """Move a case along the state machine (``tracing.states``); a reason is required, and a
    closing needs an outcome. Every move is kept as a CaseTransition and audited."""
    errors: dict[str, list[str]] = {}
    if state not in CaseState.values:
        errors["state"] = [_("Unknown case state.")]
    elif not may_move(case.state, state):
        errors["state"] = [
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": CaseState(case.state).label, "to": CaseState(state).label}
        ]
    if not reason.strip():
        errors["reason"] = [_("Give a reason for the change.")]
    if state == CaseState.CLOSED and outcome not in CaseOutcome.values[1:]:
        errors["outcome"] = [_("Say how the case ended.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        previous = case.state
        case.state = state
        case.outcome = outcome if state == CaseState.CLOSED else ""
        case.closed_at = timezone.now() if state == CaseState.CLOSED else None
        case.save(update_fields=["state", "outcome", "closed_at"])
        CaseTransition.objects.create(
            case=case,
            from_state=previous,
            to_state=state,
            reason=reason.strip()[:250],
            actor=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(
            actor,
            "case.state_changed",
            case,
            reason=reason.strip(),
            details={"from": previous, "to": state, "outcome": case.outcome},
        )
    return case


def add_case_note(actor: User, case: Case, text: str) -> CaseNote:
    """Append a working note to a case."""
    if not text.strip():
        raise ValidationError({"text": [_("A note cannot be empty.")]})
    with transaction.atomic():
        note = CaseNote.objects.create(case=case, author=actor, text=text.strip())
        record_event(actor, "case.note_added", note, details={"case": case.pk})
    return note


def reissue_passphrase(actor: User, tracing_request: TracingRequest, passphrase: str) -> None:
    """Give a seeker who lost their passphrase a new one (the old one stops working at once).

    The caseworker must have checked who is asking before calling this; the reason is audited.
    """
    if len(passphrase) < 12:
        raise ValidationError({"passphrase": [_("The new passphrase is too short.")]})
    with transaction.atomic():
        tracing_request.passphrase_hash = make_password(passphrase)
        tracing_request.save(update_fields=["passphrase_hash"])
        record_event(actor, "tracing_request.passphrase_reissued", tracing_request)
