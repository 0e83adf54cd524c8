"""Writes to tracing requests, registrations and cases; each in a transaction, each audited."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.accounts.models import AGENCY_ROLES, Agency, Role, User
from peyvand.audit.services import EventInput, record_event, record_events
from peyvand.core.bulk import insert_rows
from peyvand.core.dates import DateParseError, PartialDate, parse_partial_date
from peyvand.people.services import (
    CleanPerson,
    PersonInput,
    clean_person,
    create_person,
    create_persons,
)
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
_RELATIONSHIPS = frozenset(Relationship.values)  # ``values`` is rebuilt on every access


def new_reference_code() -> str:
    """A reference code such as ``PV-7K3M-Q9TX`` (40 bits of randomness), unique in the table."""
    while True:
        code = new_code()
        if not TracingRequest.objects.filter(reference_code=code).exists():
            return code


def new_code() -> str:
    """A random reference code, not yet checked against the table."""
    number = secrets.randbelow(len(_CODE_ALPHABET) ** 8)  # one draw for the 8 letters
    letters = []
    for _position in range(8):
        number, index = divmod(number, len(_CODE_ALPHABET))
        letters.append(_CODE_ALPHABET[index])
    return f"PV-{''.join(letters[:4])}-{''.join(letters[4:])}"


@dataclass(frozen=True)
class CleanRequest:
    """A validated tracing request, ready to write with :func:`submit_tracing_requests`."""

    seeker: CleanPerson
    sought: CleanPerson
    relationship: str
    last_contact: PartialDate | None
    last_contact_place: str = ""
    circumstances: str = ""


def clean_tracing_request(
    *,
    seeker: PersonInput | CleanPerson,
    sought: PersonInput | CleanPerson,
    relationship: str,
    last_contact_text: str = "",
    last_contact_place: str = "",
    circumstances: str = "",
) -> CleanRequest:
    """Validate a request before anything is written; raise one ValidationError naming every
    bad field (``seeker.<field>``, ``sought.<field>``, ``relationship``, ``last_contact_text``).
    Persons already cleaned (a bulk import checks each row's persons first) are taken as they are.
    """
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, CleanPerson] = {}
    for prefix, person in (("seeker", seeker), ("sought", sought)):
        try:
            cleaned[prefix] = person if isinstance(person, CleanPerson) else clean_person(person)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors[f"{prefix}.{field_name}"] = messages
    if relationship not in _RELATIONSHIPS:
        errors["relationship"] = [_("Choose how the sought person is related to you.")]
    last_contact = None
    if last_contact_text.strip():
        try:
            last_contact = parse_partial_date(last_contact_text)
        except DateParseError as exc:
            errors["last_contact_text"] = [str(exc)]
    birth = cleaned["sought"].birth if "sought" in cleaned else None
    if last_contact is not None and birth is not None and last_contact.latest() < birth.earliest():
        errors["last_contact_text"] = [
            _("The last contact cannot be before the sought person was born. Check both dates.")
        ]
    if errors:
        raise ValidationError(errors)
    return CleanRequest(
        seeker=cleaned["seeker"],
        sought=cleaned["sought"],
        relationship=relationship,
        last_contact=last_contact,
        last_contact_place=last_contact_place.strip(),
        circumstances=circumstances.strip(),
    )


def _last_contact_columns(last_contact: PartialDate | None) -> dict[str, object]:
    """The request's last-contact columns for a parsed date (or none given)."""
    return {
        "last_contact_date": last_contact.value if last_contact else None,
        "last_contact_precision": str(last_contact.precision) if last_contact else "",
        "last_contact_calendar": str(last_contact.calendar) if last_contact else "",
        "last_contact_text": last_contact.text if last_contact else "",
    }


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
    last_contact = clean_tracing_request(
        seeker=seeker, sought=sought, relationship=relationship, last_contact_text=last_contact_text
    ).last_contact
    with transaction.atomic():
        tracing_request = TracingRequest.objects.create(
            reference_code=new_reference_code(),
            agency=agency,
            seeker=create_person(actor, agency, seeker),
            seeker_user=seeker_user,
            sought=create_person(actor, agency, sought),
            relationship=relationship,
            **_last_contact_columns(last_contact),
            last_contact_place=last_contact_place.strip(),
            circumstances=circumstances.strip(),
            message_for_sought=message_for_sought.strip(),
            passphrase_hash=make_password(passphrase) if passphrase else "",
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        case = Case.objects.create(tracing_request=tracing_request, agency=agency)
        record_event(actor, "tracing_request.submitted", tracing_request)
        record_event(actor, "case.opened", case)
        queue_matching(request_ids=[tracing_request.pk])
    return tracing_request


def submit_tracing_requests(
    actor: User | None, agency: Agency, requests: Sequence[CleanRequest]
) -> list[int]:
    """File many validated requests at once (bulk imports): for each, the same persons,
    request, case and audit events as :func:`submit_tracing_request`, written in a few queries
    per call. Returns the new requests' ids in order; matching is queued per request after
    commit, unless deferred."""
    if not requests:
        return []
    entered_by = actor.pk if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        people = create_persons(actor, agency, [p for r in requests for p in (r.seeker, r.sought)])
        rows = [
            {
                "agency_id": agency.pk,
                "seeker_id": people[2 * i],
                "sought_id": people[2 * i + 1],
                "relationship": r.relationship,
                **_last_contact_columns(r.last_contact),
                "last_contact_place": r.last_contact_place,
                "circumstances": r.circumstances,
                "created_by_id": entered_by,
            }
            for i, r in enumerate(requests)
        ]
        ids = _insert_with_new_codes(rows)
        cases = insert_rows(
            Case,
            [{"tracing_request_id": pk, "agency_id": agency.pk} for pk in ids],
            returning_ids=True,
        )
        events = []
        for request_id, case_id in zip(ids, cases, strict=True):
            events.append(EventInput("tracing_request.submitted", (_REQUEST, request_id)))
            events.append(EventInput("case.opened", (Case._meta.label_lower, case_id)))
        record_events(actor, events)
        queue_matching(request_ids=ids)
    return ids


_REQUEST = TracingRequest._meta.label_lower


def _insert_with_new_codes(rows: Sequence[Mapping[str, object]], attempts: int = 5) -> list[int]:
    """Insert request rows, each with a fresh reference code. The unique index is the check: on
    the rare clash with an existing code (40 bits each), the savepoint is rolled back and every
    code drawn again, rather than asking the table about each code first."""
    for attempt in range(1, attempts + 1):
        codes: set[str] = set()
        while len(codes) < len(rows):
            codes.add(new_code())
        try:
            with transaction.atomic():
                return insert_rows(
                    TracingRequest,
                    [
                        {**row, "reference_code": code}
                        for row, code in zip(rows, codes, strict=True)
                    ],
                    returning_ids=True,
                )
        except IntegrityError:
            if attempt == attempts:
                raise
    return []  # attempts < 1


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
        queue_matching(registration_ids=[registration.pk])
    return registration


def register_persons(
    actor: User | None, agency: Agency, people: Sequence[tuple[CleanPerson, str]]
) -> list[int]:
    """Register many validated persons at once (bulk imports), each with how their consent was
    given: the same rows and events as :func:`register_person` for each, in a few queries.
    Returns the new registrations' ids in order."""
    allowed = frozenset(ConsentMethod.values)
    if any(method not in allowed for _person, method in people):
        raise ValidationError({"consent_method": [_("Say how the person gave their consent.")]})
    if not people:
        return []
    recorded_by = actor.pk if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        persons = create_persons(actor, agency, [clean for clean, _method in people])
        methods = [str(method) for _clean, method in people]
        ids = insert_rows(
            Registration,
            [
                {
                    "agency_id": agency.pk,
                    "person_id": person_id,
                    "consent_method": method,
                    "consent_recorded_by_id": recorded_by,
                }
                for person_id, method in zip(persons, methods, strict=True)
            ],
            returning_ids=True,
        )
        record_events(
            actor,
            [
                EventInput(
                    "registration.created",
                    (Registration._meta.label_lower, pk),
                    details={"consent": method},
                )
                for pk, method in zip(ids, methods, strict=True)
            ],
        )
        queue_matching(registration_ids=ids)
    return ids


def _may_assign(actor: User | None, case: Case, assignee: User | None) -> bool:
    if actor is None or actor.role == Role.ADMIN:
        return True
    if not actor.is_active or actor.agency_id != case.agency_id:
        return False
    if actor.role == Role.SUPERVISOR:
        return True
    if actor.role != Role.CASEWORKER:
        return False
    if assignee is None:  # giving back: only one's own case
        return case.assigned_to_id == actor.pk
    return assignee.pk == actor.pk and case.assigned_to_id in (None, actor.pk)


def assign_case(actor: User, case: Case, assignee: User | None) -> Case:
    """Assign a case to a caseworker or supervisor of the case's own agency (or unassign).

    Who may assign is checked here, not in a view, so every door keeps the rule: a supervisor
    assigns anyone of their own agency; a caseworker takes an unassigned case of their own
    agency for themself (or gives back their own); an administrator or the system (``actor``
    None: imports, the demo) assigns within the case's agency. Nobody else assigns at all.
    """
    if assignee is not None and (
        assignee.role not in AGENCY_ROLES
        or assignee.agency_id != case.agency_id
        or not assignee.is_active
    ):
        raise ValidationError(
            {"assigned_to": [_("A case can only be assigned to staff of its own agency.")]}
        )
    if not _may_assign(actor, case, assignee):
        raise ValidationError({"assigned_to": [_("You may not assign this case to this person.")]})
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


def set_passphrase_at_set_up(tracing_request: TracingRequest, passphrase: str) -> None:
    """Give a request a known passphrase, for set-up scripts (the demo prints its track logins).

    No page, admin or command offers this: staff never choose, reset or learn a seeker's
    passphrase, since whoever knows it reads the sought person's answers as the family. A family
    who lost theirs sends a new request (docs/security.md, "Staff admin").
    """
    if len(passphrase) < 12:
        raise ValidationError({"passphrase": [_("The new passphrase is too short.")]})
    with transaction.atomic():
        tracing_request.passphrase_hash = make_password(passphrase)
        tracing_request.save(update_fields=["passphrase_hash"])
        record_event(
            None, "tracing_request.passphrase_set", tracing_request, details={"via": "set-up"}
        )
