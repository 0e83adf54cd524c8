"""The visit services: who may plan, what an application starts with, decisions and refusals,
meetings, cancellation, and the audit trail they leave."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from visits_support import establish_contact, planned_visit

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.visits.checklists import DEFAULT_CHECKLISTS
from peyvand.visits.models import Decision, Visit, VisitStatus
from peyvand.visits.services import (
    add_application,
    add_checklist_item,
    cancel_visit,
    plan_visit,
    record_decision,
    record_meeting,
    record_submission,
    schedule_meeting,
    set_deadline,
    tick_checklist_item,
)

TODAY = datetime.date.today()


def test_a_visit_needs_contact_established(world: World) -> None:
    with pytest.raises(ValidationError, match="contact is established"):
        plan_visit(world.caseworker_a, world.case_a, host_country="Albania")
    assert not Visit.objects.exists()
    establish_contact(world, world.case_a)
    visit = plan_visit(world.caseworker_a, world.case_a, host_country=" Albania ")
    assert visit.status == VisitStatus.PLANNED
    assert visit.host_country == "Albania"
    assert visit.created_by == world.caseworker_a


def test_a_visit_needs_a_country(world: World) -> None:
    establish_contact(world, world.case_a)
    with pytest.raises(ValidationError) as caught:
        plan_visit(world.caseworker_a, world.case_a, host_country="  ")
    assert "host_country" in caught.value.message_dict


def test_each_application_starts_with_the_checklist_of_its_kind(world: World) -> None:
    visit, visa, document = planned_visit(world)
    assert [item.label for item in visa.checklist.all()] == list(DEFAULT_CHECKLISTS["host_visa"])
    assert [item.label for item in document.checklist.all()] == list(
        DEFAULT_CHECKLISTS["travel_document"]
    )
    assert visit.applications.count() == 2
    extra = add_checklist_item(world.caseworker_a, visa, "Bank statement, last 3 months")
    assert visa.checklist.last() == extra


def test_an_application_is_validated_before_anything_is_written(world: World) -> None:
    visit, _visa, _document = planned_visit(world)
    with pytest.raises(ValidationError) as caught:
        add_application(
            world.caseworker_a,
            visit,
            traveller="other",
            kind="tourist_visa",
            authority="",
            country="",
        )
    assert set(caught.value.message_dict) == {"traveller_label", "kind", "authority", "country"}
    assert visit.applications.count() == 2


def test_ticking_an_item_records_when(world: World) -> None:
    _visit, visa, _document = planned_visit(world)
    item = visa.checklist.first()
    assert item is not None
    tick_checklist_item(world.caseworker_a, item, done=True)
    item.refresh_from_db()
    assert item.done and item.done_at is not None
    tick_checklist_item(world.caseworker_a, item, done=False)
    item.refresh_from_db()
    assert not item.done and item.done_at is None


def test_a_refusal_keeps_its_reason_and_an_approval_none(world: World) -> None:
    _visit, visa, document = planned_visit(world)
    record_submission(world.caseworker_a, visa, TODAY - datetime.timedelta(days=20))
    with pytest.raises(ValidationError) as caught:
        record_decision(world.caseworker_a, visa, Decision.REFUSED, TODAY)
    assert "refusal_reason" in caught.value.message_dict
    record_decision(
        world.caseworker_a,
        visa,
        Decision.REFUSED,
        TODAY,
        refusal_reason="Insufficient ties to the home country",
    )
    visa.refresh_from_db()
    assert visa.decision == Decision.REFUSED
    assert visa.refusal_reason == "Insufficient ties to the home country"
    record_decision(world.caseworker_a, document, Decision.APPROVED, TODAY, refusal_reason="x")
    document.refresh_from_db()
    assert document.decision == Decision.APPROVED and document.refusal_reason == ""


def test_a_decision_date_is_checked(world: World) -> None:
    _visit, visa, _document = planned_visit(world)
    record_submission(world.caseworker_a, visa, TODAY)
    with pytest.raises(ValidationError) as caught:
        record_decision(
            world.caseworker_a, visa, Decision.APPROVED, TODAY - datetime.timedelta(days=1)
        )
    assert "decided_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        record_decision(
            world.caseworker_a, visa, Decision.APPROVED, TODAY + datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        record_decision(world.caseworker_a, visa, Decision.PENDING, TODAY)
    with pytest.raises(ValidationError):
        record_submission(world.caseworker_a, visa, TODAY + datetime.timedelta(days=1))


def test_a_deadline_needs_a_label_and_can_be_cleared(world: World) -> None:
    _visit, visa, _document = planned_visit(world)
    later = TODAY + datetime.timedelta(days=30)
    with pytest.raises(ValidationError):
        set_deadline(world.caseworker_a, visa, later, "")
    set_deadline(world.caseworker_a, visa, later, "Interview at the embassy")
    visa.refresh_from_db()
    assert (visa.deadline, visa.deadline_label) == (later, "Interview at the embassy")
    set_deadline(world.caseworker_a, visa, None, "ignored")
    visa.refresh_from_db()
    assert (visa.deadline, visa.deadline_label) == (None, "")


def test_the_meeting_is_scheduled_then_recorded_and_the_visit_closes(world: World) -> None:
    visit, visa, _document = planned_visit(world)
    ahead = TODAY + datetime.timedelta(days=60)
    schedule_meeting(
        world.caseworker_a, visit, meeting_place="Tirana, Skanderbeg Square", meeting_date=ahead
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED
    with pytest.raises(ValidationError):
        record_meeting(
            world.caseworker_a, visit, meeting_place="Tirana", meeting_date=ahead, outcome_notes=""
        )
    record_meeting(
        world.caseworker_a,
        visit,
        meeting_place="Tirana",
        meeting_date=TODAY,
        outcome_notes="Mother and son met after 30 years.",
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.MET
    assert visit.outcome_notes == "Mother and son met after 30 years."
    with pytest.raises(ValidationError, match="over or cancelled"):
        set_deadline(world.caseworker_a, visa, ahead, "too late")


def test_cancelling_needs_a_reason_and_freezes_the_visit(world: World) -> None:
    visit, visa, _document = planned_visit(world)
    with pytest.raises(ValidationError):
        cancel_visit(world.caseworker_a, visit, " ")
    cancel_visit(world.caseworker_a, visit, "The family postponed the journey")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    with pytest.raises(ValidationError):
        add_checklist_item(world.caseworker_a, visa, "Something")
    with pytest.raises(ValidationError):
        schedule_meeting(world.caseworker_a, visit, meeting_place="x", meeting_date=TODAY)


def test_every_write_is_audited_without_personal_values(world: World) -> None:
    visit, visa, _document = planned_visit(world)
    schedule_meeting(world.caseworker_a, visit, meeting_place="Secret Street 5", meeting_date=TODAY)
    record_decision(
        world.caseworker_a, visa, Decision.REFUSED, TODAY, refusal_reason="Suspicion of overstay"
    )
    actions = list(
        AuditEvent.objects.filter(action__startswith="visit.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "visit.planned",
        "visit.application_added",
        "visit.application_added",
        "visit.scheduled",
        "visit.application_decided",
    ]
    trail = " ".join(
        str(event.details) for event in AuditEvent.objects.filter(action__startswith="visit.")
    )
    assert "Secret Street" not in trail and "overstay" not in trail


def test_places_reasons_and_notes_are_encrypted_at_rest(world: World) -> None:
    from django.db import connection

    visit, visa, _document = planned_visit(world)
    schedule_meeting(world.caseworker_a, visit, meeting_place="Secret Street 5", meeting_date=TODAY)
    record_decision(
        world.caseworker_a, visa, Decision.REFUSED, TODAY, refusal_reason="Suspicion of overstay"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT meeting_place FROM visits_visit")
        (place,) = cursor.fetchone()
        cursor.execute(
            "SELECT refusal_reason FROM visits_travelapplication WHERE id = %s", [visa.pk]
        )
        (reason,) = cursor.fetchone()
    assert "Secret" not in place and "overstay" not in reason
