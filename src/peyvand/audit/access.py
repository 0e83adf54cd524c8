"""Access to the audit trail: the data-protection officer and administrators only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user
from peyvand.audit.models import AuditEvent, Tombstone
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound


def _may_read_trail(user: User) -> bool:
    return is_active_user(user) and user.role in (Role.DPO, Role.ADMIN)


def _known_record_type(object_type: str) -> bool:
    """``app_label.model`` of an installed model: the form the trail records types in."""
    try:
        apps.get_model(object_type)
    except (LookupError, ValueError):
        return False
    return True


def access_record_history(user: User, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """Every event about one record, newest first; reading the trail is itself audited."""
    if not _may_read_trail(user) or not _known_record_type(object_type):
        record_event(user, "access.refused", ("audit.history", f"{object_type}:{object_id}"))
        raise NotFound()
    record_event(user, "audit.history_read", (object_type, object_id))
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id)


@dataclass
class PersonHistory:
    """Every record about one person, and every audit event about any of them."""

    person_id: int
    exists: bool
    records: dict[str, set[str]] = field(default_factory=dict)
    tombstones: list[Tombstone] = field(default_factory=list)

    def events(self) -> QuerySet[AuditEvent]:
        query = Q(pk__in=[])
        for object_type, ids in self.records.items():
            if ids:
                query |= Q(object_type=object_type, object_id__in=sorted(ids))
        return AuditEvent.objects.filter(query)

    @property
    def record_count(self) -> int:
        return sum(len(ids) for ids in self.records.values())


def _ids(rows: QuerySet[Any]) -> set[int]:
    return set(rows.values_list("pk", flat=True))


def _person_records(person_id: int) -> dict[str, set[int]]:
    """The person's own rows and every row of the cases they are a party to (bounded queries)."""
    from peyvand.consent.models import Decision, DecisionRequest
    from peyvand.matching.models import CandidatePair
    from peyvand.messaging.models import Message
    from peyvand.people.models import ContactDetail, Name
    from peyvand.tracing.models import Case, CaseNote, Registration, TracingRequest

    registrations = _ids(Registration.objects.filter(person_id=person_id))
    requests = _ids(TracingRequest.objects.filter(Q(seeker_id=person_id) | Q(sought_id=person_id)))
    party = Q(tracing_request_id__in=requests) | Q(registration_id__in=registrations)
    pairs = set(CandidatePair.objects.filter(party).values_list("pk", "tracing_request_id"))
    cases = _ids(Case.objects.filter(tracing_request_id__in=requests | {r for _, r in pairs}))
    return {
        "people.person": {person_id},
        "people.name": _ids(Name.objects.filter(person_id=person_id)),
        "people.contactdetail": _ids(ContactDetail.objects.filter(person_id=person_id)),
        "tracing.registration": registrations,
        "tracing.tracingrequest": requests,
        "tracing.case": cases,
        "tracing.casenote": _ids(CaseNote.objects.filter(case_id__in=cases)),
        "matching.candidatepair": {pk for pk, _ in pairs},
        "consent.decision": _ids(Decision.objects.filter(party)),
        "consent.decisionrequest": _ids(DecisionRequest.objects.filter(party)),
        "messaging.message": _ids(Message.objects.filter(case_id__in=cases)),
    }


def access_person_history(user: User, person_id: Any) -> PersonHistory:
    """Who saw or changed anything about this person: DPO and admin only; audited.

    An erased person's history still answers from the ids their tombstone kept.
    """
    from peyvand.people.models import Person

    target = ("people.person", str(person_id))
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        record_event(user, "access.refused", ("audit.person_history", str(person_id)))
        raise NotFound() from None
    if not _may_read_trail(user):
        record_event(user, "access.refused", ("audit.person_history", str(pk)))
        raise NotFound()
    exists = Person.objects.filter(pk=pk).exists()
    tombstones = list(Tombstone.objects.filter(object_type=target[0], object_id=target[1]))
    if not exists and not tombstones:
        record_event(user, "access.refused", ("audit.person_history", str(pk)))
        raise NotFound()
    records: dict[str, set[str]] = {}
    if exists:
        for object_type, ids in _person_records(pk).items():
            records[object_type] = {str(i) for i in ids}
    primaries = [t.details["erased_with"] for t in tombstones if "erased_with" in t.details]
    if primaries:
        # Erased along with someone else: that erasure's tombstone lists the records.
        kinds_ids = [p.split(":", 1) for p in primaries]
        tombstones += list(
            Tombstone.objects.filter(
                object_type__in=[k for k, _ in kinds_ids], object_id__in=[i for _, i in kinds_ids]
            )
        )
    for tombstone in tombstones:
        for object_type, ids in tombstone.details.get("erased", {}).items():
            records.setdefault(object_type, set()).update(str(i) for i in ids)
        if tombstone.details.get("cases_cleaned"):
            records.setdefault("tracing.case", set()).update(
                str(i) for i in tombstone.details["cases_cleaned"]
            )
    records.setdefault("people.person", set()).add(str(pk))
    record_event(user, "audit.person_history_read", target)
    return PersonHistory(pk, exists, records, tombstones)
