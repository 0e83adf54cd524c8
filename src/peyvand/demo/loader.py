"""Write a demo plan through the ordinary services, so it is validated and audited like input."""

from __future__ import annotations

from dataclasses import dataclass

from peyvand.accounts.models import STAFF_ROLES, Agency, User
from peyvand.accounts.otp import enrol_with
from peyvand.accounts.services import create_agency, create_user
from peyvand.demo.plan import DemoPlan, RequestPlan
from peyvand.demo.staff import demo_second_factor
from peyvand.demo.texts import SEARCH_STARTED
from peyvand.tracing.models import Case, CaseState, Registration, TracingRequest
from peyvand.tracing.queue import matching_deferred
from peyvand.tracing.services import (
    add_case_note,
    assign_case,
    change_case_state,
    register_person,
    submit_tracing_request,
)


@dataclass(frozen=True)
class LoadedDemo:
    """The rows a plan became, in plan order, for the steps that follow the load."""

    users: dict[str, User]
    registrations: list[Registration]
    requests: list[TracingRequest]


def load_plan(plan: DemoPlan) -> LoadedDemo:
    """Create agencies, logins, registrations, then tracing requests and the work on their cases.

    The caller holds the transaction: a demo is loaded whole or not at all. Matching is not
    queued record by record; the caller links everything once at the end.
    """
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
    with matching_deferred():
        registrations = [
            register_person(
                users[registration.entered_by],
                agencies[registration.agency],
                registration.person.to_input(),
                consent_method=registration.consent_method,
                user=users[registration.owner] if registration.owner else None,
                may_be_traced=registration.may_be_traced,
            )
            for registration in plan.registrations
        ]
        requests = [_load_request(request, agencies, users) for request in plan.requests]
    return LoadedDemo(users=users, registrations=registrations, requests=requests)


def _load_request(
    request: RequestPlan, agencies: dict[str, Agency], users: dict[str, User]
) -> TracingRequest:
    tracing_request = submit_tracing_request(
        users[request.entered_by],
        agencies[request.agency],
        seeker=request.seeker.to_input(),
        sought=request.sought.to_input(),
        relationship=request.relationship,
        last_contact_text=request.last_contact_text,
        last_contact_place=request.last_contact_place,
        circumstances=request.circumstances,
        seeker_user=users[request.seeker_user] if request.seeker_user else None,
    )
    work = request.case
    if not work.assigned_to:
        return tracing_request
    case = Case.objects.get(tracing_request=tracing_request)
    assignee = users[work.assigned_to]
    assign_case(users[work.assigned_by], case, assignee)
    if work.searching:
        change_case_state(assignee, case, CaseState.SEARCHING, SEARCH_STARTED)
    for note in work.notes:
        add_case_note(assignee, case, note)
    return tracing_request
