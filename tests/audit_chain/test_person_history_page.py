"""The DPO's answer to "who saw this person's record, when, why", at /audit/person/<id>/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.messaging.models import Direction, Message, MessageStatus
from peyvand.people.access import access_person
from peyvand.privacy.erasure import erase_person
from peyvand.tracing.access import access_case
from peyvand.tracing.services import add_case_note


def path(person_id: int | str) -> str:
    return f"/audit/person/{person_id}/"


def grow(world: World, n: int) -> None:
    for i in range(n):
        add_case_note(world.caseworker_a, world.case_a, f"note {i}")
        Message.objects.create(
            case=world.case_a, direction=Direction.TO_SOUGHT, body="x", status=MessageStatus.HELD
        )
        access_case(world.caseworker_a, world.case_a.pk)


@pytest.mark.django_db
def test_the_dpo_sees_every_read_and_write_about_the_person_and_their_case(world: World) -> None:
    sought = world.request_a.sought
    access_person(world.caseworker_a, sought.pk)
    access_case(world.supervisor_a, world.case_a.pk)
    add_case_note(world.caseworker_a, world.case_a, "asked the Red Crescent office")
    access_case(world.caseworker_b, world.case_b.pk)  # someone else's case: not listed
    for persona in ("dpo", "admin"):
        response = world.client_for(persona).get(path(sought.pk))
        assert response.status_code == 200
        page = response.content.decode()
        assert "caseworker-a (caseworker)" in page and "supervisor-a (supervisor)" in page
        assert "access.read" in page and "case.note_added" in page
        assert f"tracing.case #{world.case_a.pk}" in page
        assert "tracing.tracingrequest" in page
        assert f"tracing.case #{world.case_b.pk}" not in page
    assert AuditEvent.objects.filter(
        action="audit.person_history_read", object_id=str(sought.pk), actor=world.dpo
    ).exists()


@pytest.mark.django_db
def test_everyone_else_gets_not_found_and_the_refusal_is_audited(world: World) -> None:
    sought = world.request_a.sought
    personas = ("seeker", "registrant", "caseworker_a", "caseworker_b", "supervisor_a", "outsider")
    for persona in personas:
        response = world.client_for(persona).get(path(sought.pk))
        assert response.status_code == 404, persona
        assert AuditEvent.objects.filter(
            action="access.refused",
            actor=getattr(world, persona),
            object_type="audit.person_history",
        ).exists()
    assert world.client_for("dpo").get(path(999999)).status_code == 404
    assert world.client_for("dpo").get(path("abc")).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    response = Client().get(path(world.request_a.sought.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_history(world: World) -> None:
    client = world.client_for("dpo")
    sought_id = world.request_a.sought.pk
    client.get(path(sought_id))
    grow(world, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path(sought_id)).status_code == 200
    grow(world, 15)
    with CaptureQueriesContext(connection) as large:
        assert client.get(path(sought_id)).status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 30


@pytest.mark.django_db
def test_an_erased_persons_history_still_answers_from_the_tombstone(world: World) -> None:
    sought = world.request_a.sought
    sought_id = sought.pk
    access_case(world.caseworker_a, world.case_a.pk)
    erase_person(world.dpo, world.request_a.seeker, "seeker asked")
    response = world.client_for("dpo").get(path(sought_id))
    page = response.content.decode()
    assert response.status_code == 200
    assert "seeker asked" in page
    assert f"tracing.case #{world.case_a.pk}" in page and "access.read" in page
    # The seeker's own history shows the erasure itself.
    page = world.client_for("dpo").get(path(world.request_a.seeker_id)).content.decode()
    assert "person.erased" in page
