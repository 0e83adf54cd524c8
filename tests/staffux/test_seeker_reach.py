"""Issue 15, item 1: the assigned caseworker can reach the family from the case page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, World, pass_second_factor
from peyvand.accounts.models import Role, User
from peyvand.accounts.services import create_user
from peyvand.audit.models import AuditEvent
from peyvand.people.services import ContactInput, NameInput, PersonInput
from peyvand.tracing.models import TracingRequest
from peyvand.tracing.services import assign_case, submit_tracing_request

PHONE = "+98 912 555 0101"
EMAIL = "family@example.org"
CIRCUMSTANCES = "We lost each other at the border in 1367."
MESSAGE = "Maman is waiting for you."


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    pass_second_factor(client, user)
    return client


def _request_with_reach(world: World) -> TracingRequest:
    return submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(
            names=[NameInput(full="مریم کاظمی")],
            contacts=(ContactInput("phone", PHONE), ContactInput("email", EMAIL)),
        ),
        sought=PersonInput(names=[NameInput(full="رضا کاظمی")]),
        relationship="child",
        circumstances=CIRCUMSTANCES,
        message_for_sought=MESSAGE,
    )


@pytest.mark.django_db
def test_only_the_assigned_caseworker_and_the_dpo_see_how_to_reach_the_family(
    world: World,
) -> None:
    tracing_request = _request_with_reach(world)
    case = tracing_request.case
    assign_case(world.supervisor_a, case, world.caseworker_a)
    colleague = create_user(
        None,
        username="caseworker-a2",
        password=PASSWORD,
        role=Role.CASEWORKER,
        agency=world.agency_a,
    )
    url = reverse("case_detail", args=[case.pk])
    allowed = {"caseworker_a", "dpo"}
    for persona in ("caseworker_a", "dpo", "supervisor_a", "admin", "colleague"):
        client = client_of(colleague) if persona == "colleague" else world.client_for(persona)
        before = AuditEvent.objects.filter(action="seeker_contact.read").count()
        response = client.get(url)
        assert response.status_code == 200, persona
        page = response.content.decode()
        shown = persona in allowed
        for value in (PHONE, EMAIL, CIRCUMSTANCES, MESSAGE):
            assert (value in page) is shown, (persona, value)
        after = AuditEvent.objects.filter(action="seeker_contact.read").count()
        assert after - before == (1 if shown else 0), persona
    # Another agency never reaches the case at all.
    assert world.client_for("caseworker_b").get(url).status_code == 404


@pytest.mark.django_db
def test_unassigned_case_shows_nobody_the_contacts(world: World) -> None:
    case = _request_with_reach(world).case
    page = world.client_for("caseworker_a").get(reverse("case_detail", args=[case.pk]))
    assert PHONE not in page.content.decode()
    assert "shown to the caseworker assigned" in page.content.decode()
