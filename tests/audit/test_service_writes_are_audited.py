"""Every service write leaves an audit event naming who, what and which record."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import PASSWORD, World, sought_person
from peyvand.accounts.models import Role
from peyvand.accounts.services import create_agency, create_user, update_preferences
from peyvand.audit.models import AuditEvent
from peyvand.people.models import Person
from peyvand.people.services import NameInput, PersonInput, create_person
from peyvand.tracing.models import CaseState, TracingRequest
from peyvand.tracing.services import (
    add_case_note,
    assign_case,
    change_case_state,
    register_person,
    submit_tracing_request,
)


def last_event() -> AuditEvent:
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    return event


@pytest.mark.django_db
def test_each_service_write_records_an_event(world: World) -> None:
    actor = world.caseworker_a
    case = world.case_a

    agency = create_agency(world.admin, name="Agency C", code="agency-c")
    assert (last_event().action, last_event().object_id) == ("agency.created", str(agency.pk))

    user = create_user(
        world.admin, username="cw-c", password=PASSWORD, role=Role.CASEWORKER, agency=agency
    )
    assert (last_event().action, last_event().actor) == ("user.created", world.admin)
    assert last_event().object_id == str(user.pk)

    person = create_person(actor, world.agency_a, sought_person("حسین رضایی"))
    assert (last_event().action, last_event().object_id) == ("person.created", str(person.pk))

    tracing_request = submit_tracing_request(
        actor,
        world.agency_a,
        seeker=sought_person("مریم رضایی"),
        sought=sought_person("رضا رضایی"),
        relationship="sibling",
    )
    actions = list(
        AuditEvent.objects.filter(actor=actor).order_by("id").values_list("action", flat=True)
    )
    assert actions[-2:] == ["tracing_request.submitted", "case.opened"]
    assert AuditEvent.objects.filter(
        action="tracing_request.submitted", object_id=str(tracing_request.pk)
    ).exists()

    registration = register_person(
        actor, world.agency_a, sought_person("Reza Rezaei"), consent_method="in_person"
    )
    assert (last_event().action, last_event().object_id) == (
        "registration.created",
        str(registration.pk),
    )

    assign_case(actor, case, world.caseworker_a)
    assert last_event().action == "case.assigned"

    change_case_state(actor, case, CaseState.SEARCHING, "registry search started")
    event = last_event()
    assert (event.action, event.reason) == ("case.state_changed", "registry search started")
    assert event.details == {"from": "open", "to": "searching", "outcome": ""}

    note = add_case_note(actor, case, "Called the seeker to confirm the father's name.")
    assert (last_event().action, last_event().object_id) == ("case.note_added", str(note.pk))

    update_preferences(actor, language="fa", calendar="jalali")
    assert (last_event().action, last_event().actor) == ("user.preferences_changed", actor)


@pytest.mark.django_db
def test_audit_details_hold_no_personal_values(world: World) -> None:
    register_person(
        world.caseworker_a, world.agency_a, sought_person("Ali Karimi"), consent_method="written"
    )
    for event in AuditEvent.objects.all():
        assert "Karimi" not in str(event.details)
        assert "Karimi" not in event.reason


@pytest.mark.django_db
def test_rejected_input_writes_nothing(world: World) -> None:
    before = (Person.objects.count(), TracingRequest.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        submit_tracing_request(
            world.caseworker_a,
            world.agency_a,
            seeker=PersonInput(names=[NameInput(full="مریم")], national_id="1234567890"),
            sought=PersonInput(names=[NameInput(full="رضا")], birth_date_text="1345/13/40"),
            relationship="neighbour",
        )
    errors = error.value.message_dict
    assert set(errors) == {"seeker.national_id", "sought.birth_date_text", "relationship"}
    assert "13" in errors["sought.birth_date_text"][0]
    after = (Person.objects.count(), TracingRequest.objects.count(), AuditEvent.objects.count())
    assert after == before


@pytest.mark.django_db
def test_staff_roles_need_their_own_agency(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        create_user(None, username="x", password=PASSWORD, role=Role.CASEWORKER)
    assert "agency" in error.value.message_dict
    with pytest.raises(ValidationError):
        assign_case(world.supervisor_a, world.case_a, world.caseworker_b)
