"""Visits in the demo: every case the showcases brought to "contact established" gets a planned
visit to Albania with two applications, the seeker's visa already approved and the separated
person's travel document pending, its deadline near enough for `peyvand visits remind`."""

from __future__ import annotations

import datetime

from django.utils import timezone

from peyvand.accounts.models import AGENCY_ROLES, User
from peyvand.demo.loader import LoadedDemo
from peyvand.tracing.models import Case, CaseState
from peyvand.tracing.services import assign_case
from peyvand.visits.models import ApplicationKind, Decision, Traveller, Visit
from peyvand.visits.services import (
    add_application,
    plan_visit,
    record_decision,
    record_submission,
    tick_checklist_item,
)

DEADLINE_IN_DAYS = 5  # inside the default reminder window (PEYVAND_VISIT_REMINDER_DAYS = 7)


def _staff_of(loaded: LoadedDemo, case: Case) -> User:
    return next(
        user
        for user in loaded.users.values()
        if user.role in AGENCY_ROLES and user.agency_id == case.agency_id
    )


def stage_visits(loaded: LoadedDemo) -> list[Visit]:
    """Plan the visits; returns them in case order."""
    cases = Case.objects.filter(
        tracing_request__in=loaded.requests, state=CaseState.CONTACT_ESTABLISHED
    ).order_by("pk")
    return [_plan(_staff_of(loaded, case), case) for case in cases]


def _plan(actor: User, case: Case) -> Visit:
    today = timezone.localdate()
    if case.assigned_to_id is None:
        # A case at "contact established" has someone working it; the deadline reminders and the
        # deadlines page name that person.
        assign_case(actor, case, actor)
    visit = plan_visit(actor, case, host_country="Albania")
    visa = add_application(
        actor,
        visit,
        traveller=Traveller.SEEKER,
        kind=ApplicationKind.HOST_VISA,
        authority="Embassy of Albania, Tehran",
        country="Albania",
    )
    for item in visa.checklist.all():
        tick_checklist_item(actor, item, done=True)
    record_submission(actor, visa, today - datetime.timedelta(days=30))
    record_decision(actor, visa, Decision.APPROVED, today - datetime.timedelta(days=9))
    document = add_application(
        actor,
        visit,
        traveller=Traveller.SOUGHT_PERSON,
        kind=ApplicationKind.TRAVEL_DOCUMENT,
        authority="Ministry of Interior, Directorate for Asylum, Tirana",
        country="Albania",
        deadline=today + datetime.timedelta(days=DEADLINE_IN_DAYS),
        deadline_label="Hand in the travel document application",
    )
    for item in document.checklist.all()[:2]:
        tick_checklist_item(actor, item, done=True)
    return visit
