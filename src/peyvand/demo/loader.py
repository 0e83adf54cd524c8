"""Write a demo plan through the ordinary services, so it is validated and audited like input.

Persons, registrations and requests go in through the bulk services the import uses (the same
rows, field encryption and audit events as one by one), a chunk at a time: each chunk is one
short transaction whose audit events join the chain together (``audit_batch``), so that no
transaction lasts the whole load and the chain head is taken once per chunk, not per event.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from peyvand.accounts.models import STAFF_ROLES, Agency, User
from peyvand.accounts.otp import enrol_with
from peyvand.accounts.services import create_agency, create_user
from peyvand.audit.services import audit_batch
from peyvand.demo.plan import DemoPlan, RegistrationPlan, RequestPlan
from peyvand.demo.staff import demo_second_factor
from peyvand.demo.texts import SEARCH_STARTED
from peyvand.people.services import clean_person
from peyvand.tracing.models import Case, CaseState
from peyvand.tracing.queue import matching_deferred
from peyvand.tracing.services import (
    add_case_note,
    assign_case,
    change_case_state,
    clean_tracing_request,
    register_person,
    register_persons,
    submit_tracing_request,
    submit_tracing_requests,
)

CHUNK_SIZE = 500
_Plan = TypeVar("_Plan", RegistrationPlan, RequestPlan)


@dataclass(frozen=True)
class LoadedDemo:
    """The ids a plan's records became, in plan order, for the steps that follow the load."""

    users: dict[str, User]
    registrations: list[int]
    requests: list[int]


def load_plan(plan: DemoPlan, chunk_size: int = CHUNK_SIZE) -> LoadedDemo:
    """Create agencies, logins, registrations, then tracing requests and the work on their cases.

    Each chunk of ``chunk_size`` records commits on its own. Matching is not queued record by
    record; the caller links everything once at the end.
    """
    with audit_batch():
        agencies, users = _load_staff(plan)
    with matching_deferred():
        registrations = _in_chunks(
            plan.registrations,
            chunk_size,
            lambda chunk: _load_registrations(chunk, agencies, users),
        )
        requests = _in_chunks(
            plan.requests, chunk_size, lambda chunk: _load_requests(chunk, agencies, users)
        )
    return LoadedDemo(users=users, registrations=registrations, requests=requests)


def _load_staff(plan: DemoPlan) -> tuple[dict[str, Agency], dict[str, User]]:
    agencies = {
        agency.code: create_agency(None, name=agency.name, code=agency.code, country=agency.country)
        for agency in plan.agencies
    }
    users = {
        login.username: create_user(
            None,
            username=login.username,
            password=login.password,
            role=login.role,
            agency=agencies[login.agency] if login.agency else None,
        )
        for login in plan.staff
    }
    for login in plan.staff:
        if login.role in STAFF_ROLES:
            key, codes = demo_second_factor(plan.seed, login.username)
            enrol_with(users[login.username], key, codes)
    return agencies, users


def _in_chunks(
    plans: Sequence[_Plan], size: int, load: Callable[[list[_Plan]], list[int]]
) -> list[int]:
    """``load`` each chunk of ``plans`` in a transaction of its own; the ids in plan order."""
    ids: list[int] = []
    remaining = iter(plans)
    while chunk := list(islice(remaining, size)):
        with audit_batch():
            ids.extend(load(chunk))
    return ids


def _registration_key(entry: RegistrationPlan) -> Hashable:
    return (entry.agency, entry.entered_by, entry.owner, entry.may_be_traced)


def _request_key(entry: RequestPlan) -> Hashable:
    return (entry.agency, entry.entered_by, entry.seeker_user)


def _groups(plans: list[_Plan], key: Callable[[_Plan], Hashable]) -> list[list[int]]:
    """Positions of ``plans`` grouped by ``key`` (the bulk services take one agency and one
    author per call), groups in order of first appearance, each in plan order: the same seed
    always writes the same records in the same order."""
    groups: dict[Hashable, list[int]] = {}
    for position, entry in enumerate(plans):
        groups.setdefault(key(entry), []).append(position)
    return list(groups.values())


def written_order(plan: DemoPlan, chunk_size: int = CHUNK_SIZE) -> tuple[list[int], list[int]]:
    """The plan positions of the registrations and of the requests in the order the loader
    writes them (the order of their ids)."""

    def order(plans: Sequence[_Plan], key: Callable[[_Plan], Hashable]) -> list[int]:
        found = []
        for start in range(0, len(plans), chunk_size):
            chunk = list(plans[start : start + chunk_size])
            found += [start + p for group in _groups(chunk, key) for p in group]
        return found

    return order(plan.registrations, _registration_key), order(plan.requests, _request_key)


def _load_registrations(
    chunk: list[RegistrationPlan], agencies: dict[str, Agency], users: dict[str, User]
) -> list[int]:
    ids = [0] * len(chunk)
    for group in _groups(chunk, _registration_key):
        first = chunk[group[0]]
        if first.owner:  # a registrant's own registration: the one-by-one service links the login
            for position in group:
                entry = chunk[position]
                ids[position] = register_person(
                    users[entry.entered_by],
                    agencies[entry.agency],
                    entry.person.to_input(),
                    consent_method=entry.consent_method,
                    user=users[entry.owner],
                    may_be_traced=entry.may_be_traced,
                ).pk
            continue
        made = register_persons(
            users[first.entered_by],
            agencies[first.agency],
            [(clean_person(chunk[p].person.to_input()), chunk[p].consent_method) for p in group],
            may_be_traced=first.may_be_traced,
        )
        for position, pk in zip(group, made, strict=True):
            ids[position] = pk
    return ids


def _load_requests(
    chunk: list[RequestPlan], agencies: dict[str, Agency], users: dict[str, User]
) -> list[int]:
    ids = [0] * len(chunk)
    for group in _groups(chunk, _request_key):
        first = chunk[group[0]]
        if first.seeker_user:  # a seeker's own request: the one-by-one service links the login
            for position in group:
                entry = chunk[position]
                ids[position] = submit_tracing_request(
                    users[entry.entered_by],
                    agencies[entry.agency],
                    seeker=entry.seeker.to_input(),
                    sought=entry.sought.to_input(),
                    relationship=entry.relationship,
                    last_contact_text=entry.last_contact_text,
                    last_contact_place=entry.last_contact_place,
                    circumstances=entry.circumstances,
                    seeker_user=users[entry.seeker_user],
                ).pk
            continue
        made = submit_tracing_requests(
            users[first.entered_by],
            agencies[first.agency],
            [
                clean_tracing_request(
                    seeker=chunk[p].seeker.to_input(),
                    sought=chunk[p].sought.to_input(),
                    relationship=chunk[p].relationship,
                    last_contact_text=chunk[p].last_contact_text,
                    last_contact_place=chunk[p].last_contact_place,
                    circumstances=chunk[p].circumstances,
                )
                for p in group
            ],
        )
        for position, pk in zip(group, made, strict=True):
            ids[position] = pk
    _work_on_cases(chunk, ids, users)
    return ids


def _work_on_cases(chunk: list[RequestPlan], ids: list[int], users: dict[str, User]) -> None:
    """Assign the planned cases, start their searches and write their notes."""
    planned = {
        pk: entry.case for entry, pk in zip(chunk, ids, strict=True) if entry.case.assigned_to
    }
    cases = Case.objects.filter(tracing_request_id__in=planned).order_by("tracing_request_id")
    for case in cases:
        work = planned[case.tracing_request_id]
        assignee = users[work.assigned_to]
        assign_case(users[work.assigned_by], case, assignee)
        if work.searching:
            change_case_state(assignee, case, CaseState.SEARCHING, SEARCH_STARTED)
        for note in work.notes:
            add_case_note(assignee, case, note)
