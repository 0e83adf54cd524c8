"""Learning from caseworkers' decisions on a real database: fit, activate, re-link."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from learning_world import build, decide, miscalibrated, stored_version

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.linkage import model_from_document
from peyvand.linkage.internals.learning import MIN_MATCH_LABELS
from peyvand.matching import engine
from peyvand.matching.model_store import shipped_model, shipped_version
from peyvand.matching.model_versions import activate_model_version, fit_model_version
from peyvand.matching.models import (
    CandidatePair,
    IndexedRegistration,
    MatchReview,
    ModelStatus,
    PairStatus,
)
from peyvand.matching.reindex import needs_rebuild
from peyvand.matching.relink import run_relink
from peyvand.matching.relink_services import open_cli_run


def relink() -> None:
    run_relink(open_cli_run().pk)


@pytest.mark.django_db
def test_a_fit_on_decisions_corrects_a_miscalibrated_model(world: World) -> None:
    truth = build(world.agency_a, 150, 80, seed=3)
    wrong = stored_version(miscalibrated(), "learned-wrong")
    activate_model_version(world.supervisor_a, wrong)
    relink()
    assert set(CandidatePair.objects.values_list("model_version", flat=True)) == {"learned-wrong"}
    decide(world.caseworker_a, truth)
    row = fit_model_version(world.supervisor_a)
    report = row.report
    before, after = report["before"], report["after"]
    # Measured on requests held back from the fit, labelled by the caseworkers.
    assert report["counts"]["held_confirmed"] > 5 and report["counts"]["held_rejected"] > 5
    assert before["calibration_error"] > 0.1
    assert after["calibration_error"] < before["calibration_error"] / 2
    assert after["precision"] >= before["precision"] and after["recall"] >= 0.9
    # Proposed only: the engine keeps the version in use until a supervisor activates it.
    assert row.status == ModelStatus.PROPOSED and row.based_on == "learned-wrong"
    assert engine.model_version() == "learned-wrong"
    model = model_from_document(row.document)
    assert model.calibration_bits != miscalibrated().calibration_bits
    assert AuditEvent.objects.filter(action="model.fitted", object_id=str(row.pk)).exists()


@pytest.mark.django_db
def test_too_few_confirmed_pairs_leave_the_m_probabilities_alone(world: World) -> None:
    truth = build(world.agency_a, 30, 12, seed=5)
    relink()
    decide(world.caseworker_a, truth)
    confirmed = CandidatePair.objects.filter(status=PairStatus.CONFIRMED).count()
    assert 0 < confirmed < MIN_MATCH_LABELS
    row = fit_model_version(None)  # from the command line, by the operator
    assert row.report["m_fitted"] == []
    learned, shipped = model_from_document(row.document), shipped_model()
    for new, old in zip(learned.comparisons, shipped.comparisons, strict=True):
        assert [lv.m_probability for lv in new.levels] == [lv.m_probability for lv in old.levels]
        assert [lv.u_probability for lv in new.levels] == [lv.u_probability for lv in old.levels]


@pytest.mark.django_db
def test_activation_switches_the_engine_and_a_relink_keeps_every_decision(world: World) -> None:
    truth = build(world.agency_a, 60, 30, seed=7)
    relink()
    decide(world.caseworker_a, truth, limit=20)
    decided = {
        pk: (status, version)
        for pk, status, version in CandidatePair.objects.exclude(
            status=PairStatus.PROPOSED
        ).values_list("pk", "status", "model_version")
    }
    assert {v for _, v in decided.values()} == {shipped_version()}
    assert {s for s, _ in decided.values()} >= {PairStatus.CONFIRMED, PairStatus.REJECTED}
    reviews = MatchReview.objects.count()
    row = stored_version(miscalibrated(), "learned-next")
    with pytest.raises(ValidationError):
        activate_model_version(world.caseworker_a, row)
    with pytest.raises(ValidationError):
        activate_model_version(world.admin, row)
    assert engine.model_version() == shipped_version()
    activate_model_version(world.supervisor_a, row)
    assert engine.model_version() == "learned-next"
    assert engine.person_model().calibration_bits == miscalibrated().calibration_bits
    event = AuditEvent.objects.get(action="model.activated")
    assert event.actor_id == world.supervisor_a.pk
    # Re-weighting does not touch the index: no rebuild, its rows stay as they were.
    index_versions = set(IndexedRegistration.objects.values_list("model_version", flat=True))
    assert not needs_rebuild()
    relink()
    assert set(IndexedRegistration.objects.values_list("model_version", flat=True)) == (
        index_versions
    )
    after = dict(
        (pk, (status, version))
        for pk, status, version in CandidatePair.objects.filter(pk__in=decided).values_list(
            "pk", "status", "model_version"
        )
    )
    assert after == decided  # every decision, and the version it was taken under, kept
    assert MatchReview.objects.count() == reviews
    waiting = CandidatePair.objects.filter(status=PairStatus.PROPOSED)
    assert waiting.exists()
    assert set(waiting.values_list("model_version", flat=True)) == {"learned-next"}


@pytest.mark.django_db
def test_activating_again_retires_the_version_it_replaces(world: World) -> None:
    first = stored_version(miscalibrated(), "learned-first")
    second = stored_version(shipped_model(), "learned-second")
    activate_model_version(world.supervisor_a, first)
    activate_model_version(world.supervisor_a, second)
    first.refresh_from_db()
    assert (first.status, engine.model_version()) == (ModelStatus.RETIRED, "learned-second")
    with pytest.raises(ValidationError, match="already in use"):
        activate_model_version(world.supervisor_a, second)


@pytest.mark.django_db
def test_the_model_command_fits_lists_and_activates_for_a_supervisor_only(world: World) -> None:
    truth = build(world.agency_a, 30, 12, seed=5)
    relink()
    decide(world.caseworker_a, truth)
    out = StringIO()
    call_command("model", "fit", stdout=out)
    version = out.getvalue().split()[0]
    assert version.startswith("learned-") and "calibration error" in out.getvalue()
    with pytest.raises(CommandError, match="Only a supervisor"):
        call_command("model", "activate", version, "--by", "caseworker-a", stdout=StringIO())
    assert engine.model_version() == shipped_version()
    call_command("model", "activate", version, "--by", "supervisor-a", stdout=StringIO())
    assert engine.model_version() == version
    listing = StringIO()
    call_command("model", "list", stdout=listing)
    assert f"{version}  active" in listing.getvalue()
