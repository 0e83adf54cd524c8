"""A case of agency A brought to "contact established" through the case services, and a visit
with two applications on it: what the visits tests start from."""

from __future__ import annotations

import datetime

from conftest import World
from peyvand.tracing.models import Case, CaseState
from peyvand.tracing.services import change_case_state
from peyvand.visits.models import TravelApplication, Visit
from peyvand.visits.services import add_application, plan_visit


def establish_contact(world: World, case: Case) -> Case:
    for state in (
        CaseState.MATCH_CONFIRMED,
        CaseState.AWAITING_DECISION,
        CaseState.CONTACT_ESTABLISHED,
    ):
        change_case_state(None, case, state, "test step")
    return case


def planned_visit(
    world: World, deadline: datetime.date | None = None
) -> tuple[Visit, TravelApplication, TravelApplication]:
    """Agency A's case in contact, a visit to Albania, a host visa for the seeker (with
    ``deadline``) and a travel document for the sought person."""
    case = establish_contact(world, world.case_a)
    visit = plan_visit(world.caseworker_a, case, host_country="Albania")
    visa = add_application(
        world.caseworker_a,
        visit,
        traveller="seeker",
        kind="host_visa",
        authority="Embassy of Albania, Tehran",
        country="Albania",
        deadline=deadline,
        deadline_label="Documents to the embassy" if deadline else "",
    )
    document = add_application(
        world.caseworker_a,
        visit,
        traveller="sought_person",
        kind="travel_document",
        authority="Ministry of Interior, Tirana",
        country="Albania",
    )
    return visit, visa, document
