"""Write a demo plan through the ordinary services, so it is validated and audited like input."""

from __future__ import annotations

from peyvand.accounts.models import Agency, User
from peyvand.accounts.services import create_agency, create_user
from peyvand.demo.plan import DemoPlan, RequestPlan
from peyvand.demo.texts import SEARCH_STARTED
from peyvand.tracing.models import Case, CaseState
from peyvand.tracing.services import (
    add_case_note,
    assign_case,
    change_case_state,
    register_person,
    submit_tracing_request,
)


def load_plan(plan: DemoPlan) -> None:
    """Create agencies, logins, registrations, then tracing requests and the work on their cases.

    The caller holds the transaction: a demo is loaded whole or not at all.
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
    for registration in plan.registrations:
        register_person(
            users[registration.entered_by],
            agencies[registration.agency],
            registration.person.to_input(),
            consent_method=registration.consent_method,
            user=users[registration.owner] if registration.owner else None,
            may_be_traced=registration.may_be_traced,
        )
    for request in plan.requests:
        _load_request(request, agencies, users)


def _load_request(
    request: RequestPlan, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
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
        return
    case = Case.objects.get(tracing_request=tracing_request)
    assignee = users[work.assigned_to]
    assign_case(users[work.assigned_by], case, assignee)
    if work.searching:
        change_case_state(assignee, case, CaseState.SEARCHING, SEARCH_STARTED)
    for note in work.notes:
        add_case_note(assignee, case, note)
