"""Field-level rule: only the assigned caseworker and the DPO see a sought person's address."""

from __future__ import annotations

import pytest
from authz_scenario import build_scenario

from conftest import PASSWORD, World
from peyvand.accounts.models import Role
from peyvand.accounts.services import create_user
from peyvand.consent.access import contacts_shown_to, may_see_address
from peyvand.people.models import ContactKind
from peyvand.tracing.services import assign_case


@pytest.mark.django_db
def test_only_the_assigned_caseworker_and_the_dpo_see_the_address(world: World) -> None:
    scenario = build_scenario(world)
    registration = world.registration_a
    registration.person.contacts.create(kind=ContactKind.PHONE, value="+355 69 000 1111")
    colleague = create_user(
        None,
        username="caseworker-a2",
        password=PASSWORD,
        role=Role.CASEWORKER,
        agency=world.agency_a,
    )
    assign_case(world.supervisor_a, world.case_a, world.caseworker_a)

    allowed = {"caseworker_a", "dpo", "registrant"}
    for persona, user in {**world.personas(), "colleague": colleague}.items():
        assert may_see_address(user, registration) is (persona in allowed), persona
        kinds = {contact.kind for contact in contacts_shown_to(user, registration)}
        assert (ContactKind.ADDRESS in kinds) is (persona in allowed), persona
        assert ContactKind.PHONE in kinds
    assert scenario.contact.kind == ContactKind.ADDRESS


@pytest.mark.django_db
def test_assignment_alone_is_not_enough_without_a_link(world: World) -> None:
    """Assigned to a case that has nothing to do with this registration: no address."""
    assign_case(world.supervisor_a, world.case_a, world.caseworker_a)
    assert not may_see_address(world.caseworker_a, world.registration_a)


@pytest.mark.django_db
def test_reassigning_the_case_moves_the_right(world: World) -> None:
    build_scenario(world)
    colleague = create_user(
        None,
        username="caseworker-a2",
        password=PASSWORD,
        role=Role.CASEWORKER,
        agency=world.agency_a,
    )
    assign_case(world.supervisor_a, world.case_a, world.caseworker_a)
    assert may_see_address(world.caseworker_a, world.registration_a)
    assign_case(world.supervisor_a, world.case_a, colleague)
    assert not may_see_address(world.caseworker_a, world.registration_a)
    assert may_see_address(colleague, world.registration_a)
    colleague.is_active = False
    colleague.save()
    assert not may_see_address(colleague, world.registration_a)
