"""The plain functions the reports call: refusals by authority, visit counts, open deadlines,
each narrowed to the cases passed in."""

from __future__ import annotations

import datetime

from visits_support import establish_contact, planned_visit

from conftest import World
from peyvand.tracing.access import cases_visible_to
from peyvand.tracing.models import Case
from peyvand.visits.models import Decision
from peyvand.visits.reports import open_deadlines, refusals_by_authority, visit_counts
from peyvand.visits.services import (
    add_application,
    cancel_visit,
    plan_visit,
    record_decision,
    record_submission,
    set_deadline,
)

TODAY = datetime.date.today()
WEEK_AGO = TODAY - datetime.timedelta(days=7)


def _decided_world(world: World) -> None:
    visit, visa, document = planned_visit(world, deadline=TODAY + datetime.timedelta(days=5))
    record_submission(world.caseworker_a, visa, WEEK_AGO)
    record_decision(world.caseworker_a, visa, Decision.REFUSED, TODAY, refusal_reason="none given")
    record_decision(world.caseworker_a, document, Decision.APPROVED, WEEK_AGO)
    second = add_application(
        world.caseworker_a,
        visit,
        traveller="other",
        traveller_label="Brother",
        kind="host_visa",
        authority="Embassy of Albania, Tehran",
        country="Albania",
    )
    record_decision(world.caseworker_a, second, Decision.REFUSED, TODAY, refusal_reason="quota")
    establish_contact(world, world.case_b)
    other = plan_visit(world.caseworker_b, world.case_b, host_country="Turkey")
    refused_b = add_application(
        world.caseworker_b,
        other,
        traveller="seeker",
        kind="third_country_visa",
        authority="Consulate of Turkey, Tabriz",
        country="Turkey",
        deadline=TODAY + datetime.timedelta(days=2),
        deadline_label="Interview",
    )
    record_decision(world.caseworker_b, refused_b, Decision.REFUSED, TODAY, refusal_reason="x")


def test_refusals_by_authority_counts_the_cases_given(world: World) -> None:
    _decided_world(world)
    everything = Case.objects.all()
    assert refusals_by_authority(everything, None, None) == [
        ("Embassy of Albania, Tehran", 2, 0),
        ("Consulate of Turkey, Tabriz", 1, 0),
        ("Ministry of Interior, Tirana", 0, 1),
    ]
    agency_a = cases_visible_to(world.caseworker_a)
    assert refusals_by_authority(agency_a, TODAY, TODAY) == [("Embassy of Albania, Tehran", 2, 0)]


def test_visit_counts_by_status_and_decision(world: World) -> None:
    _decided_world(world)
    counts = visit_counts(Case.objects.all(), WEEK_AGO, TODAY)
    assert counts == {
        "planned_total": 2,
        "planned": 2,
        "scheduled": 0,
        "met": 0,
        "cancelled": 0,
        "submitted": 1,
        "approved": 1,
        "refused": 3,
        "withdrawn": 0,
    }
    later = TODAY + datetime.timedelta(days=1)
    assert visit_counts(Case.objects.all(), later, None)["planned_total"] == 0


def test_open_deadlines_are_pending_on_open_visits_soonest_first(world: World) -> None:
    visit, visa, document = planned_visit(world, deadline=TODAY + datetime.timedelta(days=9))
    set_deadline(world.caseworker_a, document, TODAY - datetime.timedelta(days=1), "Overdue fee")
    agency_a = cases_visible_to(world.caseworker_a)
    assert list(open_deadlines(agency_a)) == [document, visa]
    assert list(open_deadlines(cases_visible_to(world.caseworker_b))) == []
    cancel_visit(world.caseworker_a, visit, "postponed")
    assert list(open_deadlines(agency_a)) == []
