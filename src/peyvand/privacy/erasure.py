"""Erasure of a person on request: every trace removed, a tombstone left.

What erasure reaches is computed once (:mod:`peyvand.privacy.scope`); what goes is what each app
declared in its ``personal_data.py`` (:mod:`peyvand.privacy.registry`). In one transaction:

- every declared row reaching what is erased or emptied is deleted (names, contact details,
  notes, messages, visits, letters, kept appeal PDFs, candidate pairs, questions and answers,
  partner records), then the erased cases, requests, registration and persons;
- the family's description of the person in a request confirmed as theirs is emptied (the
  request and its case stay for the family; the case closes as declined);
- the seeker's or registrant's account is anonymised (never deleted: ids in the audit trail
  stay meaningful) and can no longer sign in;
- e-mail notices still queued for their addresses are deleted, and Django's admin history
  forgets the names it logged for the records and accounts touched;
- the person's rows in the live candidate index go, and its counters count them no more.

What stays: audit events (they hold ids and field names, never values, so the hash chain still
verifies; erasure deletes none) and one Tombstone per erased or emptied person, request, case
and registration (type, id, date, legal basis, who). A case export prepared before the erasure
can no longer be downloaded: it is checked against these tombstones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.accounts.models import STAFF_ROLES, Role, User
from peyvand.audit.models import Tombstone
from peyvand.audit.services import actor_label, record_event
from peyvand.core.holdings import Erasure, Reach
from peyvand.matching.engine import forget_indexed
from peyvand.people.models import ContactDetail, ContactKind, Person
from peyvand.privacy.registry import (
    SUBJECT_ORDER,
    blank_value,
    holdings,
    model_of,
    rows_reaching,
    subject_label,
    subjects,
)
from peyvand.privacy.scope import Scope, scope_of_person
from peyvand.tracing.models import Case, CaseOutcome, CaseState, Registration, TracingRequest
from peyvand.tracing.services import change_case_state

ACTION = "person.erased"
COMMAND_LINE = gettext_noop("command line (DPO)")  # stored as written; shown translated
ERASED_LABEL = "(erased)"


@dataclass(frozen=True)
class ErasureReport:
    """Counts of what was deleted, by model label, and the tombstones left."""

    person_id: int
    deleted: dict[str, int]
    tombstones: int


def _may_erase(actor: User | None) -> bool:
    # None: the `peyvand erase` command, run by whoever operates the server.
    return actor is None or (actor.is_active and actor.role in (Role.DPO, Role.ADMIN))


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
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if Tombstone.objects.filter(object_type="people.person", object_id=str(person.pk)).exists():
            # An emptied description still exists for the family's request; erasing it again
            # would erase the family's request, which is theirs.
            raise ValidationError(_("This person has already been erased."))
        scope = scope_of_person(person.pk)
        accounts = _accounts_of(person.pk, scope)
        addresses = _addresses(scope.reached(Reach.PERSON), accounts)
        _close_emptied_cases(actor, scope)
        # The index rows would go with the records below; the counters must forget them too.
        forget_indexed(
            sorted(scope.reached(Reach.REGISTRATION)), sorted(scope.reached(Reach.REQUEST))
        )
        deleted = _delete(scope)
        deleted["queued notices"] = _forget_queued_notices(addresses)
        deleted["accounts anonymised"] = _anonymise(accounts)
        deleted["admin history entries emptied"] = _forget_admin_history(scope, accounts)
        counts = {key: value for key, value in sorted(deleted.items()) if value}
        label = COMMAND_LINE if actor is None else actor_label(actor)
        tombstones = _tombstones(actor, label, basis, scope, counts)
        record_event(
            actor,
            ACTION,
            ("people.person", person.pk),
            reason=basis,
            details={"deleted": counts, "tombstones": tombstones},
            label=label,
        )
    return ErasureReport(person.pk, counts, tombstones)


def _delete(scope: Scope) -> Counter[str]:
    """Every declared row reaching the scope, then the scope's own records."""
    deleted: Counter[str] = Counter()
    reached = {kind: scope.reached(kind) for kind in Reach}
    for holding in holdings():
        if holding.erasure in (Erasure.DELETE, Erasure.DELETE_IF_ERASED):
            ids = reached if holding.erasure == Erasure.DELETE else scope.erased
            rows = rows_reaching(holding, ids)
            if rows is not None:
                _add(deleted, rows.delete()[1])
    declared = subjects()
    for kind in SUBJECT_ORDER:
        holding = declared[kind]
        model = model_of(holding)
        if scope.emptied[kind] and holding.emptied:
            blank = {name: blank_value(model, name) for name in holding.emptied}
            model._default_manager.filter(pk__in=sorted(scope.emptied[kind])).update(**blank)
        if scope.erased[kind]:
            erased = model._default_manager.filter(pk__in=sorted(scope.erased[kind]))
            _add(deleted, erased.delete()[1])
    return deleted


def _close_emptied_cases(actor: User | None, scope: Scope) -> None:
    """A family's case whose match is erased has nobody left to ask: it closes as declined,
    which the family sees as the same neutral "closed" as every other ending."""
    cases = Case.objects.select_for_update().filter(
        tracing_request_id__in=sorted(scope.emptied[Reach.REQUEST])
    )
    for case in cases.exclude(state=CaseState.CLOSED).order_by("pk"):
        # Staff read this on the family's case; the family reads only "closed".
        reason = gettext_noop("The sought person's record was erased on request.")
        change_case_state(actor, case, CaseState.CLOSED, reason, outcome=CaseOutcome.DECLINED)


def _tombstones(
    actor: User | None, label: str, basis: str, scope: Scope, counts: dict[str, int]
) -> int:
    erased = {subject_label(kind): sorted(scope.erased[kind]) for kind in SUBJECT_ORDER}
    emptied = {
        subject_label(kind): sorted(scope.emptied[kind])
        for kind in (Reach.REQUEST, Reach.PERSON)
        if scope.emptied[kind]
    }
    primary = ("people.person", scope.person_id)
    details = {
        "erased": erased,
        "emptied": emptied,
        "deleted": counts,
        "cases_cleaned": sorted(scope.emptied[Reach.CASE]),
    }
    records = [(t, i) for t, ids in erased.items() for i in ids]
    # The family's description of the person is the person's data: it has its tombstone too.
    records += [(subject_label(Reach.PERSON), i) for i in sorted(scope.emptied[Reach.PERSON])]
    Tombstone.objects.bulk_create(
        Tombstone(
            object_type=object_type,
            object_id=str(object_id),
            legal_basis=basis[:250],
            actor=actor,
            actor_label=label,
            details=(
                details
                if (object_type, object_id) == primary
                else {"erased_with": f"people.person:{scope.person_id}"}
            ),
        )
        for object_type, object_id in records
    )
    return len(records)


def _accounts_of(person_id: int, scope: Scope) -> list[User]:
    """The seeker's and registrant's own accounts; never a staff account."""
    ids: set[int] = {
        user_id
        for user_id in TracingRequest.objects.filter(seeker_id=person_id).values_list(
            "seeker_user_id", flat=True
        )
        if user_id is not None
    }
    ids |= {
        user_id
        for user_id in Registration.objects.filter(person_id=person_id).values_list(
            "user_id", flat=True
        )
        if user_id is not None
    }
    if not ids:
        return []
    # A seeker account that still follows requests by someone else's Person row stays.
    others = set(
        TracingRequest.objects.filter(seeker_user_id__in=ids)
        .exclude(pk__in=sorted(scope.erased[Reach.REQUEST]))
        .values_list("seeker_user_id", flat=True)
    )
    return list(
        User.objects.filter(pk__in=ids - others).exclude(role__in=STAFF_ROLES).order_by("pk")
    )


def _addresses(person_ids: Iterable[int], accounts: Iterable[User]) -> set[str]:
    emails = {
        contact.value.strip().lower()
        for contact in ContactDetail.objects.filter(
            person_id__in=sorted(person_ids), kind=ContactKind.EMAIL
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


def _forget_admin_history(scope: Scope, accounts: Iterable[User]) -> int:
    """Django's admin history names the object it logs (a person's name, an account's
    username) and the inline rows changed with it: those go; who acted and when stays (the
    audit trail holds the same, without values)."""
    touched: list[tuple[type[models.Model], set[int]]] = [
        (model_of(holding), scope.reached(kind)) for kind, holding in subjects().items()
    ]
    touched.append((User, {account.pk for account in accounts}))
    count = 0
    for model, ids in touched:
        if ids:
            entries = LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(i) for i in sorted(ids)],
            )
            count += entries.update(object_repr=ERASED_LABEL, change_message="")
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
