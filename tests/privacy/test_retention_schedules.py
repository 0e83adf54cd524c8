"""`peyvand retention run` deletes what the schedules say is due, audits counts, idempotently."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import World
from peyvand.audit.chain import verify_chain
from peyvand.audit.models import AuditEvent
from peyvand.interop.models import ExternalRecord
from peyvand.messaging.models import Direction, Message, MessageStatus
from peyvand.people.models import ContactDetail, ContactKind
from peyvand.tracing.models import Case, CaseOutcome, CaseState, TracingRequest
from peyvand.tracing.services import add_case_note, change_case_state

SEEKER_PHONE = "+98 912 000 1111"


def close(world: World, case: Case, outcome: str, days_ago: int) -> None:
    change_case_state(world.caseworker_a, case, CaseState.CLOSED, "closing", outcome=outcome)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=days_ago))


def with_contacts_and_messages(request: TracingRequest) -> None:
    ContactDetail.objects.create(person=request.seeker, kind=ContactKind.PHONE, value=SEEKER_PHONE)
    ContactDetail.objects.create(
        person=request.seeker, kind=ContactKind.EMAIL, value="s@example.org"
    )
    for body in ("first news", "second news"):
        Message.objects.create(
            case=request.case,
            direction=Direction.TO_SOUGHT,
            body=body,
            status=MessageStatus.DELIVERED,
        )
    TracingRequest.objects.filter(pk=request.pk).update(message_for_sought="We miss you")


def run() -> str:
    out = StringIO()
    call_command("retention", "run", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_declined_case_past_its_schedule_loses_contacts_and_messages_once(
    world: World, settings: object
) -> None:
    settings.PEYVAND_RETENTION_DAYS = {"declined": 30, "withdrawn": 30, "not_found": 365}  # type: ignore[attr-defined]
    request = world.request_a
    with_contacts_and_messages(request)
    close(world, request.case, CaseOutcome.DECLINED, days_ago=31)

    first = run()
    assert "declined: 1 cases" in first
    assert "Deleted 2 contact details (people.ContactDetail)" in first
    assert "Deleted 2 messages (messaging.Message)" in first
    assert "Emptied 1 tracing requests (tracing.TracingRequest)" in first
    assert not ContactDetail.objects.filter(person=request.seeker).exists()
    assert not Message.objects.filter(case=request.case).exists()
    request.refresh_from_db()
    assert request.message_for_sought == ""
    # The case shell stays, with its outcome and timeline.
    case = Case.objects.get(pk=request.case.pk)
    assert (case.state, case.outcome) == (CaseState.CLOSED, CaseOutcome.DECLINED)
    assert case.transitions.exists() and request.seeker.names.exists()
    event = AuditEvent.objects.get(action="retention.applied")
    assert event.object_id == str(case.pk)
    assert event.details["deleted"] == {"people.ContactDetail": 2, "messaging.Message": 2}
    assert event.details["emptied"] == {"tracing.TracingRequest": 1}
    assert SEEKER_PHONE not in str(event.details) and "news" not in str(event.details)

    events = AuditEvent.objects.count()
    second = run()
    assert "nothing to delete" in second
    assert AuditEvent.objects.count() == events
    assert verify_chain().ok


@pytest.mark.django_db
def test_cases_within_their_schedule_or_with_other_outcomes_are_kept(
    world: World, settings: object
) -> None:
    settings.PEYVAND_RETENTION_DAYS = {"declined": 30}  # type: ignore[attr-defined]
    with_contacts_and_messages(world.request_a)
    with_contacts_and_messages(world.request_b)
    close(world, world.request_a.case, CaseOutcome.DECLINED, days_ago=29)
    close(world, world.request_b.case, CaseOutcome.CONTACT_ENDED, days_ago=400)
    assert "nothing to delete" in run()
    for request in (world.request_a, world.request_b):
        assert ContactDetail.objects.filter(person=request.seeker).count() == 2
    assert Message.objects.count() == 4
    assert not AuditEvent.objects.filter(action="retention.applied").exists()


@pytest.mark.django_db
def test_a_seeker_with_another_live_request_keeps_their_contacts(
    world: World, settings: object
) -> None:
    settings.PEYVAND_RETENTION_DAYS = {"withdrawn": 0}  # type: ignore[attr-defined]
    request = world.request_a
    with_contacts_and_messages(request)
    other = TracingRequest.objects.create(
        reference_code="LIVE-1",
        agency=world.agency_a,
        seeker=request.seeker,
        sought=world.request_b.seeker,
        relationship="sibling",
    )
    Case.objects.create(tracing_request=other, agency=world.agency_a)
    close(world, request.case, CaseOutcome.WITHDRAWN, days_ago=1)
    output = run()
    assert "withdrawn: 1 cases" in output
    assert ContactDetail.objects.filter(person=request.seeker).count() == 2
    assert not Message.objects.filter(case=request.case).exists()


@pytest.mark.django_db
def test_notes_and_a_partner_records_extra_fields_go_with_the_schedule_its_id_stays(
    world: World, settings: object
) -> None:
    settings.PEYVAND_RETENTION_DAYS = {"not_found": 365}  # type: ignore[attr-defined]
    request = world.request_a
    add_case_note(world.caseworker_a, request.case, "family phoned from +98 912 000 1111")
    record = ExternalRecord.objects.create(
        agency=world.agency_a,
        tracing_request=request,
        repository="partner.example.org",
        record_id="partner.example.org/person.1",
        payload='{"author_phone": "+98 912 000 1111", "home_street": "Kargar"}',
    )
    record.notes.create(note_record_id="partner.example.org/note.1", payload='{"text": "seen"}')
    close(world, request.case, CaseOutcome.NOT_FOUND, days_ago=366)

    output = run()

    assert "Deleted 1 case notes (tracing.CaseNote)" in output
    assert "Deleted 1 external notes (interop.ExternalNote)" in output
    assert "Emptied 1 external records (interop.ExternalRecord)" in output
    record.refresh_from_db()
    assert (record.payload, record.record_id) == ("", "partner.example.org/person.1")
    assert not request.case.notes.exists()
    assert "nothing to delete" in run()
