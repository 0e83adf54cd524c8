"""Every access function against every persona: who may read, who may write, and the refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.core.access import NotFound
from peyvand.people.access import access_person
from peyvand.tracing.access import access_case, access_registration, access_tracing_request

ALL = {"seeker", "registrant", "caseworker_a", "caseworker_b", "supervisor_a", "dpo", "admin"}
ALL_WITH_OUTSIDER = ALL | {"outsider"}

# (access function, record getter, personas allowed to read, personas allowed to write)
MATRIX: list[tuple[str, Callable[..., Any], Callable[[World], Any], set[str], set[str]]] = [
    (
        "case_a",
        access_case,
        lambda w: w.case_a,
        {"caseworker_a", "supervisor_a", "dpo", "admin"},
        {"caseworker_a", "supervisor_a", "admin"},
    ),
    (
        "case_b",
        access_case,
        lambda w: w.case_b,
        {"caseworker_b", "dpo", "admin"},
        {"caseworker_b", "admin"},
    ),
    (
        "request_a",
        access_tracing_request,
        lambda w: w.request_a,
        {"seeker", "caseworker_a", "supervisor_a", "dpo", "admin"},
        {"seeker", "caseworker_a", "supervisor_a", "admin"},
    ),
    (
        "request_b",
        access_tracing_request,
        lambda w: w.request_b,
        {"caseworker_b", "dpo", "admin"},
        {"caseworker_b", "admin"},
    ),
    (
        "registration_a",
        access_registration,
        lambda w: w.registration_a,
        {"registrant", "caseworker_a", "supervisor_a", "dpo", "admin"},
        {"registrant", "caseworker_a", "supervisor_a", "admin"},
    ),
    (
        "registration_b",
        access_registration,
        lambda w: w.registration_b,
        {"caseworker_b", "dpo", "admin"},
        {"caseworker_b", "admin"},
    ),
    (
        "sought_person_a",
        access_person,
        lambda w: w.request_a.sought,
        {"seeker", "caseworker_a", "supervisor_a", "dpo", "admin"},
        {"seeker", "caseworker_a", "supervisor_a", "admin"},
    ),
    (
        "registered_person_a",
        access_person,
        lambda w: w.registration_a.person,
        {"registrant", "caseworker_a", "supervisor_a", "dpo", "admin"},
        {"registrant", "caseworker_a", "supervisor_a", "admin"},
    ),
    (
        "registered_person_b",
        access_person,
        lambda w: w.registration_b.person,
        {"caseworker_b", "dpo", "admin"},
        {"caseworker_b", "admin"},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "access", "record", "readers", "writers"), MATRIX)
def test_access_matrix(
    world: World,
    label: str,
    access: Callable[..., Any],
    record: Callable[[World], Any],
    readers: set[str],
    writers: set[str],
) -> None:
    target = record(world)
    for persona, user in world.personas().items():
        for write, allowed in ((False, persona in readers), (True, persona in writers)):
            if allowed:
                assert access(user, target.pk, write=write).pk == target.pk, (label, persona)
            else:
                with pytest.raises(NotFound):
                    access(user, target.pk, write=write)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "access", [access_case, access_tracing_request, access_registration, access_person]
)
def test_missing_and_forbidden_look_the_same(world: World, access: Callable[..., Any]) -> None:
    with pytest.raises(NotFound) as missing:
        access(world.caseworker_b, 999_999)
    forbidden_id = {
        access_case: world.case_a.pk,
        access_tracing_request: world.request_a.pk,
        access_registration: world.registration_a.pk,
        access_person: world.request_a.sought.pk,
    }[access]
    with pytest.raises(NotFound) as forbidden:
        access(world.caseworker_b, forbidden_id)
    assert str(missing.value) == str(forbidden.value)
    with pytest.raises(NotFound):
        access(world.caseworker_b, "not-a-number")


@pytest.mark.django_db
def test_reads_and_refusals_are_audited(world: World) -> None:
    access_case(world.caseworker_a, world.case_a.pk)
    read = AuditEvent.objects.filter(action="access.read", object_id=str(world.case_a.pk)).get()
    assert read.actor == world.caseworker_a
    with pytest.raises(NotFound):
        access_case(world.caseworker_b, world.case_a.pk)
    refused = AuditEvent.objects.filter(action="access.refused").get()
    assert refused.actor == world.caseworker_b
    assert refused.object_type == "tracing.case"


@pytest.mark.django_db
def test_inactive_staff_see_nothing(world: World) -> None:
    world.caseworker_a.is_active = False
    world.caseworker_a.save()
    with pytest.raises(NotFound):
        access_case(world.caseworker_a, world.case_a.pk)
