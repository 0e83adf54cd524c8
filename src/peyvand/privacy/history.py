"""Subject access for the data-protection officer: every record about one person, and every
audit event about any of them ("who saw this person's record, when, why").

The records are found the way erasure finds them (:mod:`peyvand.privacy.scope` and the apps'
declarations), so what the officer is shown is what an erasure would remove.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user
from peyvand.audit.models import AuditEvent, Tombstone
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound
from peyvand.core.holdings import Erasure, Reach
from peyvand.people.models import Person
from peyvand.privacy.registry import holdings, rows_reaching, subject_kind
from peyvand.privacy.scope import scope_of_person


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


def _may_read_trail(user: User) -> bool:
    return is_active_user(user) and user.role in (Role.DPO, Role.ADMIN)


def person_records(person_id: int) -> dict[str, set[int]]:
    """The person's own rows and every row of the cases they are a party to (one query per
    declared model)."""
    scope = scope_of_person(person_id)
    reached = {kind: scope.reached(kind) for kind in Reach}
    records: dict[str, set[int]] = {}
    for holding in holdings():
        if holding.erasure == Erasure.SUBJECT:
            records[holding.label] = reached[subject_kind(holding)]
        elif holding.erasure != Erasure.WITH_PARENT:
            rows = rows_reaching(holding, reached)
            if rows is not None:
                records[holding.label] = set(rows.values_list("pk", flat=True))
    return records


def access_person_history(user: User, person_id: Any) -> PersonHistory:
    """Who saw or changed anything about this person: DPO and admin only; audited.

    An erased person's history still answers from the ids their tombstone kept.
    """
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
        for object_type, ids in person_records(pk).items():
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
        for key in ("erased", "emptied"):
            for object_type, ids in tombstone.details.get(key, {}).items():
                records.setdefault(object_type, set()).update(str(i) for i in ids)
        if tombstone.details.get("cases_cleaned"):
            records.setdefault("tracing.case", set()).update(
                str(i) for i in tombstone.details["cases_cleaned"]
            )
    records.setdefault("people.person", set()).add(str(pk))
    record_event(user, "audit.person_history_read", target)
    return PersonHistory(pk, exists, records, tombstones)
