"""Erasing a person removes them from every table and the match index, leaving a tombstone."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models

from conftest import World
from peyvand.accounts.models import User
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.audit.chain import verify_chain
from peyvand.audit.models import AuditEvent, Tombstone
from peyvand.consent.models import Decision
from peyvand.matching.candidate_index import REGISTRY
from peyvand.matching.models import (
    CandidatePair,
    IndexedRegistration,
    PairStatus,
    RegistrationKey,
)
from peyvand.messaging.models import Direction, Message, MessageStatus
from peyvand.people.models import ContactKind, Person
from peyvand.privacy.erasure import erase_person
from peyvand.tracing.models import Case, CaseState, TracingRequest
from peyvand.tracing.services import add_case_note, change_case_state

REGISTERED_PHONE = "+355 69 555 0101"
REGISTERED_EMAIL = "mrk.erasure@example.org"
SEEKER_PHONE = "+98 912 555 0202"


def linked_world(world: World) -> None:
    """Request A matched to the registrant, asked, decided, with messages and a note."""
    person = world.registration_a.person
    person.contacts.create(kind=ContactKind.PHONE, value=REGISTERED_PHONE)
    person.contacts.create(kind=ContactKind.EMAIL, value=REGISTERED_EMAIL)
    world.request_a.seeker.contacts.create(kind=ContactKind.PHONE, value=SEEKER_PHONE)
    pair = CandidatePair.objects.create(
        tracing_request=world.request_a,
        registration=world.registration_a,
        model_version="test",
        match_probability=0.97,
        match_weight=9.0,
        explanation=[{"field": "name", "level": "exact", "weight": 5, "text": "same name"}],
        records_fingerprint="test",
        status=PairStatus.CONFIRMED,
    )
    change_case_state(world.caseworker_a, world.case_a, CaseState.MATCH_CONFIRMED, "confirmed")
    asked = ask_sought_person(world.caseworker_a, pair, "app")
    record_decision(world.registrant, asked, "messages_only", channel="app")
    for direction, body in ((Direction.TO_SOUGHT, "salaam"), (Direction.TO_SEEKER, "hello")):
        Message.objects.create(
            case=world.case_a, direction=direction, body=body, status=MessageStatus.DELIVERED
        )
    add_case_note(world.caseworker_a, world.case_a, "called the registrant back")


def text_values(instance: models.Model) -> Iterable[str]:
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            yield value
        elif isinstance(field, models.JSONField) and value:
            yield str(value)


def traces(person_id: int, words: Iterable[str]) -> list[str]:
    """Every row in any table that points at the person or holds one of ``words``."""
    found = []
    words = [w.lower() for w in words]
    for model in apps.get_models():
        fks = [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is Person
        ]
        for instance in model._default_manager.all():
            if model is Person and instance.pk == person_id:
                found.append(f"{model._meta.label} #{instance.pk}")
            if any(getattr(instance, fk) == person_id for fk in fks):
                found.append(f"{model._meta.label} #{instance.pk} references the person")
            for text in text_values(instance):
                if any(w in text.lower() for w in words):
                    found.append(f"{model._meta.label} #{instance.pk} holds {text[:40]!r}")
    return found


def erase(
    world: World, person: Person, capture: Callable[..., Any], basis: str = "GDPR art. 17"
) -> None:
    with capture(execute=True):
        erase_person(world.dpo, person, basis)


@pytest.mark.django_db
def test_erasing_a_registered_person_leaves_only_the_tombstone(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    linked_world(world)
    registration = world.registration_a
    person = registration.person
    person_id, registration_id = person.pk, registration.pk
    words = [n.full for n in person.names.all()] + [REGISTERED_PHONE, REGISTERED_EMAIL]
    assert traces(person_id, words)  # the search sees the person before
    assert IndexedRegistration.objects.filter(registration_id=registration_id).exists()

    erase(world, person, django_capture_on_commit_callbacks)

    assert traces(person_id, words) == []
    # Out of the live candidate index, and out of its counters: the registry counts one less.
    assert not IndexedRegistration.objects.filter(registration_id=registration_id).exists()
    assert not RegistrationKey.objects.filter(registration_id=registration_id).exists()
    assert REGISTRY.population() == 1
    assert not CandidatePair.objects.filter(registration_id=registration_id).exists()
    assert not Decision.objects.exists()
    assert not Message.objects.filter(case=world.case_a).exists()
    assert not world.case_a.notes.exists()
    # The seeker's request and its case stay: they are the seeker's data.
    assert TracingRequest.objects.filter(pk=world.request_a.pk).exists()
    registrant = User.objects.get(pk=world.registrant.pk)
    assert registrant.username == f"erased-{registrant.pk}" and not registrant.is_active
    assert not registrant.has_usable_password()

    tombstone = Tombstone.objects.get(object_type="people.person", object_id=str(person_id))
    assert tombstone.legal_basis == "GDPR art. 17" and tombstone.actor == world.dpo
    assert Tombstone.objects.filter(
        object_type="tracing.registration", object_id=str(registration_id)
    ).exists()
    event = AuditEvent.objects.get(action="person.erased")
    assert (event.object_id, event.actor) == (str(person_id), world.dpo)
    # Their own name and the family's description of them in the confirmed request.
    assert event.details["deleted"]["people.Name"] == 2
    assert event.details["deleted"]["people.ContactDetail"] == 2
    report = verify_chain()
    assert report.ok, str(report)


@pytest.mark.django_db
def test_erasing_a_seeker_removes_their_request_case_and_description_of_the_sought(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    linked_world(world)
    request = world.request_a
    seeker_person, sought_id, case_id = request.seeker, request.sought_id, world.case_a.pk
    words = [
        *(n.full for n in seeker_person.names.all()),
        *(n.full for n in request.sought.names.all()),
        SEEKER_PHONE,
        "salaam",
        "called the registrant back",
    ]

    call_command(
        "erase", "--person", str(seeker_person.pk), "--basis", "seeker asked", stdout=StringIO()
    )

    assert traces(seeker_person.pk, words) == []
    assert not Person.objects.filter(pk=sought_id).exists()
    assert not Case.objects.filter(pk=case_id).exists()
    assert not TracingRequest.objects.filter(pk=request.pk).exists()
    # The registered person keeps their own registration.
    assert Person.objects.filter(pk=world.registration_a.person_id).exists()
    stones = set(Tombstone.objects.values_list("object_type", "object_id"))
    assert {
        ("people.person", str(seeker_person.pk)),
        ("people.person", str(sought_id)),
        ("tracing.tracingrequest", str(request.pk)),
        ("tracing.case", str(case_id)),
    } <= stones
    assert User.objects.get(pk=world.seeker.pk).username.startswith("erased-")
    assert verify_chain().ok


@pytest.mark.django_db
def test_only_the_dpo_may_erase_and_a_basis_is_required(world: World) -> None:
    person = world.registration_b.person
    for actor in (world.caseworker_a, world.supervisor_a, world.registrant):
        with pytest.raises(ValidationError):
            erase_person(actor, person, "because")
    with pytest.raises(ValidationError):
        erase_person(world.dpo, person, "   ")
    assert Person.objects.filter(pk=person.pk).exists()
    assert not Tombstone.objects.exists()
    assert not AuditEvent.objects.filter(action="person.erased").exists()


@pytest.mark.django_db
def test_the_admin_history_forgets_the_names_it_logged(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # The admin is read-only for persons now (issue 11), but installations keep the change
    # history Django's admin logged before, with each record's name in it.
    person = world.request_a.sought
    LogEntry.objects.log_actions(
        world.caseworker_a.pk, [person], CHANGE, change_message="Changed birthplace."
    )
    assert "admin.LogEntry" in " ".join(traces(0, ["محمدرضا خدابنده"]))  # logged by name

    erase(world, world.request_a.seeker, django_capture_on_commit_callbacks)

    assert traces(0, ["محمدرضا خدابنده"]) == []
    entry = LogEntry.objects.get(object_id=str(person.pk))
    assert (entry.user, entry.object_repr) == (world.caseworker_a, "(erased)")
