"""Erasure of a person on request: every trace removed, a tombstone left.

What goes, in one transaction:

- the Person row with its names and contact details;
- their Registration, with every candidate pair, review, question and decision about it;
- every TracingRequest where they are the seeker or the sought person (as described), with its
  case, timeline, notes, messages, candidate pairs, questions and decisions. A request cannot
  stand without either party, so it goes whole; the sought person as described by an erased
  seeker exists only inside that request and goes with it. A seeker whose request disappears
  because the *sought* person was erased keeps their own Person row (it is their data);
- in cases where the erased person took part through their registration (a confirmed or
  proposed match), the messages and notes of those cases;
- the seeker's or registrant's account is anonymised (never deleted: ids in the audit trail
  stay meaningful) and can no longer sign in;
- e-mail notices still queued for their addresses;
- the matching engine's in-memory index.

What stays: audit events (they hold ids and field names, never values, so the hash chain still
verifies) and one Tombstone per erased record (type, id, date, legal basis, who).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from peyvand.accounts.models import STAFF_ROLES, Role, User
from peyvand.appeals.documents import delete_documents_naming
from peyvand.audit.models import Tombstone
from peyvand.audit.services import actor_label, record_event
from peyvand.consent.models import Decision, DecisionRequest
from peyvand.letters.models import GeneratedLetter
from peyvand.matching.models import CandidatePair
from peyvand.messaging.models import Message
from peyvand.people.models import ContactDetail, ContactKind, Person
from peyvand.tracing.models import Case, CaseNote, Registration, TracingRequest
from peyvand.visits.models import Visit

ACTION = "person.erased"
COMMAND_LINE = "command line (DPO)"


@dataclass(frozen=True)
class ErasureReport:
    """Counts of what was deleted, by model label, and the tombstones left."""

    person_id: int
    deleted: dict[str, int]
    tombstones: int


def _may_erase(actor: User | None) -> bool:
    # None: the `peyvand erase` command, run by whoever operates the server.
    return actor is None or (actor.is_active and actor.role in (Role.DPO, Role.ADMIN))


def _ids(rows: models.QuerySet[models.Model]) -> list[int]:
    return sorted(rows.values_list("pk", flat=True))


def _add(counter: Counter[str], deleted: dict[str, int]) -> None:
    for label, count in deleted.items():
        if count:
            counter[label] += count


def erase_person(actor: User | None, person: Person, legal_basis: str) -> ErasureReport:
    """Remove ``person`` from every table; audited; leaves tombstones. DPO or admin only."""
    basis = legal_basis.strip()
    if not _may_erase(actor):
        raise ValidationError(_("Only the data-protection officer may erase a person."))
    if not basis:
        raise ValidationError({"legal_basis": [_("Give the legal basis for the erasure.")]})
    person_id = person.pk
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person_id)
        registration = Registration.objects.filter(person=person).first()
        requests = TracingRequest.objects.filter(Q(seeker=person) | Q(sought=person))
        request_ids = _ids(requests)
        case_ids = _ids(Case.objects.filter(tracing_request_id__in=request_ids))
        # The sought person as described by this (erased) seeker: part of the request only.
        described = sorted(
            set(requests.filter(seeker=person).values_list("sought_id", flat=True)) - {person_id}
        )
        party_q = Q(tracing_request_id__in=request_ids)
        linked_case_ids: list[int] = []
        if registration is not None:
            party_q |= Q(registration=registration)
            linked_requests = set(
                CandidatePair.objects.filter(registration=registration).values_list(
                    "tracing_request_id", flat=True
                )
            ) | set(
                Decision.objects.filter(registration=registration).values_list(
                    "tracing_request_id", flat=True
                )
            )
            linked_case_ids = _ids(
                Case.objects.filter(tracing_request_id__in=linked_requests - set(request_ids))
            )
        accounts = _accounts_of(person, registration, requests)
        addresses = _addresses(person, described, accounts)
        erased: dict[str, list[int]] = {
            "people.person": [person_id, *described],
            "tracing.registration": [registration.pk] if registration is not None else [],
            "tracing.tracingrequest": request_ids,
            "tracing.case": case_ids,
        }

        deleted: Counter[str] = Counter()
        all_cases = [*case_ids, *linked_case_ids]
        _add(deleted, Message.objects.filter(case_id__in=all_cases).delete()[1])
        _add(deleted, CaseNote.objects.filter(case_id__in=all_cases).delete()[1])
        # Visits (applications, checklists, reminders cascade) hold travel plans and meeting
        # places of both parties; letters and kept appeal PDFs print the family's names.
        _add(deleted, Visit.objects.filter(case_id__in=all_cases).delete()[1])
        _add(deleted, GeneratedLetter.objects.filter(case_id__in=all_cases).delete()[1])
        deleted["appeals.appealdocument"] += delete_documents_naming(actor, request_ids)
        _add(deleted, Decision.objects.filter(party_q).delete()[1])
        _add(deleted, DecisionRequest.objects.filter(party_q).delete()[1])
        _add(deleted, CandidatePair.objects.filter(party_q).delete()[1])
        _add(deleted, Case.objects.filter(pk__in=case_ids).delete()[1])
        _add(deleted, TracingRequest.objects.filter(pk__in=request_ids).delete()[1])
        if registration is not None:
            _add(deleted, Registration.objects.filter(pk=registration.pk).delete()[1])
        _add(deleted, Person.objects.filter(pk__in=[person_id, *described]).delete()[1])
        deleted["queued notices"] = _forget_queued_notices(addresses)
        deleted["accounts anonymised"] = _anonymise(accounts)

        label = COMMAND_LINE if actor is None else actor_label(actor)
        counts = {key: value for key, value in sorted(deleted.items()) if value}
        tombstones = [
            Tombstone(
                object_type=object_type,
                object_id=str(object_id),
                legal_basis=basis[:250],
                actor=actor,
                actor_label=label,
                details=(
                    {"erased": erased, "deleted": counts, "cases_cleaned": linked_case_ids}
                    if (object_type, object_id) == ("people.person", person_id)
                    else {"erased_with": f"people.person:{person_id}"}
                ),
            )
            for object_type, ids in erased.items()
            for object_id in ids
        ]
        Tombstone.objects.bulk_create(tombstones)
        record_event(
            actor,
            ACTION,
            ("people.person", person_id),
            reason=basis,
            details={"deleted": counts, "tombstones": len(tombstones)},
            label=label,
        )
        transaction.on_commit(_forget_index)
    return ErasureReport(person_id, counts, len(tombstones))


def _forget_index() -> None:
    from peyvand.matching.engine import forget_registry_index

    forget_registry_index()


def _accounts_of(
    person: Person, registration: Registration | None, requests: models.QuerySet[TracingRequest]
) -> list[User]:
    """The seeker's and registrant's own accounts; never a staff account."""
    ids: set[int] = {
        user_id
        for user_id in requests.filter(seeker=person).values_list("seeker_user_id", flat=True)
        if user_id is not None
    }
    if registration is not None and registration.user_id is not None:
        ids.add(registration.user_id)
    if not ids:
        return []
    # A seeker account that still follows requests by someone else's Person row stays.
    others = set(
        TracingRequest.objects.filter(seeker_user_id__in=ids)
        .exclude(pk__in=requests.values("pk"))
        .values_list("seeker_user_id", flat=True)
    )
    return list(
        User.objects.filter(pk__in=ids - others).exclude(role__in=STAFF_ROLES).order_by("pk")
    )


def _addresses(person: Person, described: Iterable[int], accounts: Iterable[User]) -> set[str]:
    emails = {
        contact.value.strip().lower()
        for contact in ContactDetail.objects.filter(
            person_id__in=[person.pk, *described], kind=ContactKind.EMAIL
        )
    }
    emails |= {account.email.strip().lower() for account in accounts if account.email}
    return {email for email in emails if email}


def _anonymise(accounts: Iterable[User]) -> int:
    count = 0
    for account in accounts:
        account.username = f"erased-{account.pk}"
        account.first_name = ""
        account.last_name = ""
        account.email = ""
        account.is_active = False
        account.set_unusable_password()
        account.save()
        count += 1
    return count


def _forget_queued_notices(addresses: set[str]) -> int:
    """Delete queued or finished e-mail tasks addressed to the erased person."""
    try:
        results = apps.get_model("django_tasks_database", "DBTaskResult")
    except LookupError:
        return 0
    if not addresses:
        return 0
    query = Q()
    for address in addresses:
        query |= Q(args_kwargs__icontains=address)
    count, _ = results.objects.filter(query).delete()
    return count
