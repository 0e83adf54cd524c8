"""`peyvand demo`: realistic data loaded through the services, deterministic, only where safe."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from peyvand.accounts.models import Agency, Role, User
from peyvand.accounts.services import create_agency
from peyvand.audit.models import AuditEvent
from peyvand.audit.services import record_event
from peyvand.core.dates import parse_partial_date
from peyvand.demo.generator import build_plan, request_count
from peyvand.demo.loader import load_plan, written_order
from peyvand.demo.names import BUILTIN_SOURCE, builtin_material, load_name_material, names_data_dir
from peyvand.demo.plan import DemoPlan, PersonPlan
from peyvand.demo.services import SEEDED_ACTION, STARTED_ACTION
from peyvand.people.models import Name, Person
from peyvand.people.scripts import detect_script
from peyvand.tracing.models import Case, CaseNote, Registration, TracingRequest

PERSONS = 300


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def plan(seed: int = 7, persons: int = PERSONS) -> DemoPlan:
    return build_plan(seed, persons, load_name_material(names_data_dir()))


def birth_years(person: PersonPlan) -> tuple[int, int] | None:
    if not person.birth_date_text:
        return None
    parsed = parse_partial_date(person.birth_date_text)
    low, high = parsed.gregorian_year_range()
    # An age ("52") may mean either of two years, and demo ages are counted from a fixed year.
    return (low - 2, high + 1) if parsed.approximate else (low, high)


# The plan, without a database ----------------------------------------------------------------


def test_plan_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    assert plan(7) == plan(7)
    assert plan(7) != plan(8)


def test_plan_has_the_requested_size() -> None:
    demo = plan()
    requests, counterparts, extra = request_count(PERSONS)
    assert demo.person_count == PERSONS
    assert len(demo.requests) == requests == 100
    assert sum(1 for r in demo.requests if r.counterpart is not None) == counterparts == 60
    assert len(demo.registrations) == counterparts + extra
    assert {login.role for login in demo.staff} == set(Role.values)


def test_counterparts_are_the_sought_person_written_in_latin_letters() -> None:
    demo = plan()
    for request in demo.requests:
        assert all(name.script == "fa" for name in request.sought.names)
        assert detect_script(request.sought.birthplace or "تهران") == "fa"
        if request.counterpart is None:
            continue
        registered = demo.registrations[request.counterpart].person
        assert registered.names[0].script == "latn"
        assert detect_script(registered.names[0].full) == "latn"
        for text in (registered.birthplace, registered.father_given_name):
            assert not text or detect_script(text) == "latn"
        sought_years, registered_years = birth_years(request.sought), birth_years(registered)
        if sought_years and registered_years:
            # The Jalali year and the Gregorian one overlap, give or take a year.
            assert sought_years[0] - 1 <= registered_years[1]
            assert registered_years[0] <= sought_years[1] + 1


def test_fallback_names_are_used_when_the_shared_data_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEYVAND_NAMES_DATA", str(tmp_path))
    assert names_data_dir() is None
    material = load_name_material(None)
    assert material.source == BUILTIN_SOURCE
    assert len(material.male_given) + len(material.female_given) >= 40
    assert len(material.family) >= 40
    assert build_plan(3, 90, builtin_material()) == build_plan(3, 90, builtin_material())


# Loading --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_loads_requests_registrations_and_logins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "8123")
    output = run_demo("--seed", "7", "--persons", str(PERSONS))

    expected = plan(7)
    assert Person.objects.count() == PERSONS
    assert TracingRequest.objects.count() == Case.objects.count() == 100
    assert Registration.objects.count() == len(expected.registrations)
    assert Agency.objects.count() == 2
    assert Name.objects.filter(script="latn").exists()
    assert Case.objects.exclude(assigned_to=None).exists()
    assert CaseNote.objects.exists()
    for login in expected.staff:
        user = User.objects.get(username=login.username)
        assert user.role == login.role
        assert user.check_password(login.password)
        assert login.username in output and login.password in output
    assert TracingRequest.objects.filter(seeker_user__username="seeker").count() == 2
    assert Registration.objects.filter(user__username="registrant").count() == 1
    assert "http://127.0.0.1:8123/" in output
    marker = AuditEvent.objects.get(action=SEEDED_ACTION)
    assert (marker.details["seed"], marker.details["persons"]) == (7, PERSONS)
    assert {stage for stage, _code in marker.details["showcases"]} <= {
        "question_in_app",
        "messages_only",
        "share_contact",
        "declined",
    }
    assert AuditEvent.objects.filter(action="tracing_request.submitted").count() == 100


@pytest.mark.django_db
def test_some_sought_persons_are_registered_under_a_latin_spelling_and_some_are_not() -> None:
    run_demo("--seed", "7", "--persons", str(PERSONS))
    expected = plan(7)
    # The loader writes each chunk grouped by agency and author: ids in its written order.
    registration_order, request_order = written_order(expected)
    registered = dict(
        zip(
            registration_order,
            Registration.objects.order_by("id").select_related("person"),
            strict=True,
        )
    )
    requests = TracingRequest.objects.order_by("id").select_related("sought")
    found = missing = 0
    for position, request in zip(request_order, requests, strict=True):
        planned = expected.requests[position]
        assert request.sought.father_given_name == planned.sought.father_given_name
        if planned.counterpart is None:
            missing += 1
            continue
        counterpart = registered[planned.counterpart].person
        assert counterpart.names.all()[0].script == "latn"
        found += 1
    assert found == 60 and missing == 40


@pytest.mark.django_db
def test_running_again_with_the_same_seed_changes_nothing_and_prints_the_logins() -> None:
    first = run_demo("--seed", "7", "--persons", str(PERSONS))
    counts = (Person.objects.count(), AuditEvent.objects.count(), User.objects.count())
    second = run_demo("--seed", "7", "--persons", str(PERSONS))
    assert (Person.objects.count(), AuditEvent.objects.count(), User.objects.count()) == counts
    for login in plan(7).staff:
        assert login.password in first and login.password in second
    with pytest.raises(CommandError, match="seed 7"):
        run_demo("--seed", "8", "--persons", str(PERSONS))
    assert Person.objects.count() == counts[0]


@pytest.mark.django_db
def test_refuses_a_database_holding_other_records() -> None:
    create_agency(None, name="An existing agency", code="existing")
    with pytest.raises(CommandError, match="empty database"):
        run_demo("--persons", "60")
    assert Agency.objects.count() == 1
    assert not Person.objects.exists() and not User.objects.exists()
    assert not AuditEvent.objects.filter(action=SEEDED_ACTION).exists()


@pytest.mark.django_db
def test_a_load_that_stopped_half_way_is_refused_not_taken_for_seeded() -> None:
    # What a demo killed while linking leaves: its start marker and the records loaded so far
    # (each chunk commits on its own), but no "seeded" marker.
    record_event(None, STARTED_ACTION, ("demo", 7), details={"seed": 7, "persons": 60})
    load_plan(plan(7, 60), chunk_size=10)
    persons = Person.objects.count()
    with pytest.raises(CommandError, match="stopped before it finished"):
        run_demo("--seed", "7", "--persons", "60")
    assert Person.objects.count() == persons
    assert not AuditEvent.objects.filter(action=SEEDED_ACTION).exists()


@pytest.mark.django_db
def test_refuses_to_run_in_production() -> None:
    with override_settings(PEYVAND_ENV="production"), pytest.raises(CommandError):
        run_demo("--persons", "60")
    assert not Agency.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ("--persons", "-5"),
        ("--persons", "0"),
        ("--persons", "10"),
        ("--persons", "100000000"),
        ("--persons", "many"),
        ("--seed", "-1"),
    ],
)
def test_rejects_bad_arguments(args: tuple[str, str]) -> None:
    with pytest.raises(CommandError):
        run_demo(*args)
    assert not Agency.objects.exists()


# Determinism of what is stored ----------------------------------------------------------------


def snapshot() -> dict[str, list[Any]]:
    """Everything the demo stores, without pks, timestamps or random reference codes."""

    def person(p: Person) -> tuple[Any, ...]:
        names = tuple((n.full, n.given, n.family, n.script, n.kind) for n in p.names.all())
        birth: datetime.date | None = p.birth_date
        return (
            p.agency.code,
            p.sex,
            birth,
            p.birth_date_precision,
            p.birth_date_calendar,
            p.birth_date_text,
            p.birthplace,
            p.father_given_name,
            p.mother_given_name,
            names,
        )

    persons = Person.objects.order_by("id").select_related("agency").prefetch_related("names")
    requests = TracingRequest.objects.order_by("id").select_related(
        "agency", "seeker_user", "case__assigned_to"
    )
    return {
        "users": list(User.objects.order_by("id").values_list("username", "role", "agency__code")),
        "persons": [person(p) for p in persons],
        "requests": [
            (
                r.agency.code,
                r.relationship,
                r.last_contact_text,
                r.last_contact_date,
                r.last_contact_place,
                r.circumstances,
                r.seeker_user.username if r.seeker_user else "",
                r.case.state,
                r.case.assigned_to.username if r.case.assigned_to else "",
                [note.text for note in r.case.notes.all()],
            )
            for r in requests
        ],
        "registrations": list(
            Registration.objects.order_by("id").values_list(
                "agency__code", "consent_method", "may_be_traced", "user__username"
            )
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_two_loads_of_the_same_seed_store_the_same_content() -> None:
    run_demo("--seed", "11", "--persons", "150")
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    assert not Person.objects.exists()
    run_demo("--seed", "11", "--persons", "150")
    assert snapshot() == first
    assert len(first["persons"]) == 150
