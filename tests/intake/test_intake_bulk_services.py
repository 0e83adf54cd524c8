"""The bulk services an import writes through leave exactly what the one-record services leave:
the same rows (decrypted values included), the same audit events, a chain that verifies; in a
few queries per call, not per record."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from conftest import World
from peyvand.audit.chain import verify_chain
from peyvand.audit.models import AuditEvent
from peyvand.audit.services import EventInput, record_event, record_events
from peyvand.core.bulk import insert_rows
from peyvand.intake.models import ImportRow
from peyvand.people.models import ContactKind, Person
from peyvand.people.services import ContactInput, NameInput, PersonInput, clean_person
from peyvand.tracing.models import Case, Registration, TracingRequest
from peyvand.tracing.services import (
    clean_tracing_request,
    register_person,
    register_persons,
    submit_tracing_request,
    submit_tracing_requests,
)

pytestmark = pytest.mark.django_db

_VOLATILE = {"id", "created_at", "updated_at", "opened_at", "reference_code", "at", "hash"}
_VOLATILE |= {"sequence", "prev_hash", "object_id"}


def seeker(n: int = 0) -> PersonInput:
    return PersonInput(
        names=[NameInput(full=f"مریم رضایی {n}", given="مریم", family="رضایی")],
        sex="f",
        contacts=(ContactInput(kind=ContactKind.PHONE, value=" 09121234567 "),),
    )


def sought(n: int = 0) -> PersonInput:
    return PersonInput(
        names=[
            NameInput(full=f"حسین  رضایی {n}", given="حسین", family="رضایی"),
            NameInput(full="Hossein Rezaei", kind="alias"),
        ],
        sex="m",
        birth_date_text="۱۳۴۵/۰۲/۱۰",
        birthplace=" قزوین ",
        father_given_name="علی",
        national_id="",
    )


def fields_of(instance: models.Model, *skip: str) -> dict[str, Any]:
    """Every concrete field's value (decrypted by the field), less ids and timestamps."""
    return {
        f.attname: getattr(instance, f.attname)
        for f in type(instance)._meta.concrete_fields
        if f.attname not in _VOLATILE and f.attname not in skip
    }


def person_shape(person: Person) -> dict[str, Any]:
    return {
        **fields_of(person),
        "names": [fields_of(n, "person_id") for n in person.names.all()],
        "contacts": [fields_of(c, "person_id") for c in person.contacts.all()],
    }


def events_since(sequence: int) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(sequence__gt=sequence).order_by("sequence")
    return [fields_of(e) for e in events]


def head() -> int:
    return AuditEvent.objects.count()


def test_bulk_requests_equal_one_by_one_requests(world: World) -> None:
    actor = world.caseworker_a
    start = head()
    single = submit_tracing_request(
        actor,
        world.agency_a,
        seeker=seeker(),
        sought=sought(),
        relationship="sibling",
        last_contact_text="1360",
        last_contact_place=" کابل ",
        circumstances=" جنگ ",
    )
    middle = head()
    clean = clean_tracing_request(
        seeker=seeker(),
        sought=sought(),
        relationship="sibling",
        last_contact_text="1360",
        last_contact_place=" کابل ",
        circumstances=" جنگ ",
    )
    [bulk_id] = submit_tracing_requests(actor, world.agency_a, [clean])
    bulk = TracingRequest.objects.get(pk=bulk_id)

    assert fields_of(bulk, "seeker_id", "sought_id") == fields_of(single, "seeker_id", "sought_id")
    assert bulk.last_contact_place == "کابل" and bulk.circumstances == "جنگ"
    assert bulk.reference_code.startswith("PV-") and bulk.reference_code != single.reference_code
    assert person_shape(bulk.seeker) == person_shape(single.seeker)
    assert person_shape(bulk.sought) == person_shape(single.sought)
    assert fields_of(Case.objects.get(tracing_request=bulk), "tracing_request_id") == fields_of(
        Case.objects.get(tracing_request=single), "tracing_request_id"
    )
    assert events_since(middle) == events_since(start)[: head() - middle]
    actions = [e["action"] for e in events_since(middle)]
    assert actions == [
        "person.created",
        "person.created",
        "tracing_request.submitted",
        "case.opened",
    ]
    assert AuditEvent.objects.filter(
        action="tracing_request.submitted", object_id=str(bulk.pk)
    ).exists()
    assert AuditEvent.objects.filter(action="case.opened", object_id=str(bulk.case.pk)).exists()
    assert verify_chain().ok


def test_bulk_registrations_equal_one_by_one_registrations(world: World) -> None:
    actor = world.caseworker_a
    start = head()
    single = register_person(actor, world.agency_a, sought(), consent_method="written")
    middle = head()
    [bulk_id] = register_persons(actor, world.agency_a, [(clean_person(sought()), "written")])
    bulk = Registration.objects.get(pk=bulk_id)
    assert fields_of(bulk, "person_id") == fields_of(single, "person_id")
    assert person_shape(bulk.person) == person_shape(single.person)
    assert events_since(middle) == events_since(start)[: head() - middle]
    assert verify_chain().ok


def test_a_bad_consent_method_writes_nothing(world: World) -> None:
    before = Registration.objects.count()
    with pytest.raises(ValidationError):
        register_persons(None, world.agency_a, [(clean_person(sought()), "telepathy")])
    assert Registration.objects.count() == before


def test_a_thousand_requests_take_a_few_queries(world: World) -> None:
    cleans = [
        clean_tracing_request(seeker=seeker(n), sought=sought(n), relationship="child")
        for n in range(1000)
    ]
    before = TracingRequest.objects.count()
    with CaptureQueriesContext(connection) as queries:
        ids = submit_tracing_requests(world.caseworker_a, world.agency_a, cleans)
    assert len(ids) == len(set(ids)) == 1000
    assert TracingRequest.objects.count() == before + 1000
    assert len({r for r in TracingRequest.objects.values_list("reference_code", flat=True)}) == (
        TracingRequest.objects.count()
    )
    # persons, names, contacts, requests, cases, two audit appends, savepoints: not per record
    # (on PostgreSQL each keyed insert draws its keys from the sequence first: three more)
    assert len(queries) <= 33, [q["sql"][:80] for q in queries.captured_queries]
    assert verify_chain().ok


def test_record_events_chains_like_record_event() -> None:
    record_event(None, "test.one", ("test.thing", 1))
    last = record_events(
        None,
        [
            EventInput("test.many", ("test.thing", 2), reason="r" * 300, details={"n": 1}),
            EventInput("test.many", ("test.thing", 3), details={"nested": {"b": [1, 2]}}),
        ],
    )
    assert record_events(None, []) == last == 3
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[1].reason == "r" * 250 and events[1].actor_label == "system"
    assert events[2].details == {"nested": {"b": [1, 2]}}
    record_event(None, "test.after", ("test.thing", 4))
    assert str(verify_chain()).startswith("OK: 4 events")


def test_insert_rows_refuses_a_required_column_left_out(world: World) -> None:
    with pytest.raises(KeyError, match="row_number"):
        insert_rows(ImportRow, [{"agency_id": world.agency_a.pk, "batch_id": 1}])


def test_insert_rows_returns_the_new_keys_in_row_order(world: World) -> None:
    rows = [{"agency_id": world.agency_a.pk, "birthplace": f"place {i}"} for i in range(50)]
    ids = insert_rows(Person, rows, returning_ids=True)
    assert ids == sorted(ids) and len(set(ids)) == 50
    stored = dict(Person.objects.filter(pk__in=ids).values_list("pk", "birthplace"))
    assert stored == {pk: f"place {i}" for i, pk in enumerate(ids)}
    # The table's own key sequence moved past them (PostgreSQL draws them from it first).
    assert Person.objects.create(agency=world.agency_a).pk > max(ids)
