"""New requests and registrations are matched in the background with the engine's online path."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, make_world, sought_person
from peyvand.matching.engine import match_registration, match_tracing_request
from peyvand.matching.models import CandidatePair, PairStatus, RelinkRun, RunStatus
from peyvand.matching.relink import run_relink
from peyvand.matching.services import reject_match
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import FindableBy
from peyvand.tracing.services import register_person, submit_tracing_request


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_persian_request_meets_its_latin_registration(immediate_tasks: None) -> None:
    world = make_world()  # the request and registration are filed with tasks running inline
    pairs = CandidatePair.objects.filter(tracing_request=world.request_a)
    best = pairs.order_by("-match_probability").first()
    assert best is not None
    assert best.registration == world.registration_a
    assert best.match_probability > 0.9
    assert best.status == PairStatus.PROPOSED
    fields = {item["field"] for item in best.explanation}
    assert {"father_name", "birth", "birthplace"} <= fields
    assert any("خدابنده" in item["text"] for item in best.explanation)
    assert not pairs.filter(registration=world.registration_b, match_probability__gt=0.5).exists()


@pytest.mark.django_db
def test_a_person_who_chose_nobody_is_never_proposed(world: World) -> None:
    registration = world.registration_a
    registration.findable_by = FindableBy.NOBODY
    registration.save()
    match_tracing_request(world.request_a.pk)
    assert not CandidatePair.objects.filter(registration=registration).exists()
    assert match_registration(registration.pk) == 0


@pytest.mark.django_db
def test_rejected_pair_returns_only_after_a_material_change(world: World) -> None:
    match_tracing_request(world.request_a.pk)
    pair = CandidatePair.objects.get(
        tracing_request=world.request_a, registration=world.registration_a
    )
    reject_match(world.caseworker_a, pair, "different mother's name on the permit")
    match_tracing_request(world.request_a.pk)
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED
    world.registration_a.person.names.create(
        full="Mohammadreza Khodabandeh", script="latn", kind="alias"
    )
    match_tracing_request(world.request_a.pk)
    pair.refresh_from_db()
    assert pair.status == PairStatus.PROPOSED


@pytest.mark.django_db
def test_new_registration_is_matched_against_open_requests(world: World) -> None:
    request = submit_tracing_request(
        None,
        world.agency_b,
        seeker=sought_person("مریم کاظمی"),
        sought=PersonInput(
            names=[NameInput(full="حسین کاظمی")],
            birth_date_text="1350",
            father_given_name="رضا",
            birthplace="اصفهان",
            sex="m",
        ),
        relationship="sibling",
    )
    registration = register_person(
        None,
        world.agency_a,
        PersonInput(
            names=[NameInput(full="Hossein Kazemi")],
            birth_date_text="1971",
            father_given_name="Reza",
            birthplace="Isfahan",
            sex="m",
        ),
        consent_method="in_person",
    )
    assert match_registration(registration.pk) >= 1
    assert CandidatePair.objects.filter(tracing_request=request, registration=registration).exists()


@pytest.mark.django_db
def test_relink_run_reports_progress_and_finishes(world: World) -> None:
    run = RelinkRun.objects.create(started_by=world.supervisor_a)
    seen: list[tuple[int, int]] = []
    finished = run_relink(run.pk, on_progress=lambda done, total: seen.append((done, total)))
    assert finished.status == RunStatus.DONE
    assert finished.total == finished.processed == 2
    assert seen[-1] == (2, 2)
    assert finished.pairs_found >= 1
