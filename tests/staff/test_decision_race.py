"""A re-link scoring a pair while a caseworker decides on it never undoes the decision."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from staff_setup import EXPLANATION, make_pair

from conftest import World
from peyvand.matching.candidate_store import ScoredCandidate, store_candidates
from peyvand.matching.fingerprint import records_fingerprint
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.matching.services import confirm_match, reject_match


def _scored(world: World) -> ScoredCandidate:
    return ScoredCandidate(
        tracing_request_id=world.request_a.pk,
        registration_id=world.registration_a.pk,
        match_probability=0.91,
        match_weight=6.0,
        explanation=EXPLANATION,
    )


def _wait_until_someone_waits_for_a_lock() -> None:
    """Polls PostgreSQL until another session is blocked on a lock (bounded: 10 s). Inside a
    transaction PostgreSQL keeps one statistics snapshot, so it is cleared before each look."""
    with connections["default"].cursor() as cursor:
        for _ in range(200):
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            row = cursor.fetchone()
            if row is not None and row[0] > 0:
                return
            time.sleep(0.05)
    raise AssertionError("the engine never reached the pair's row lock")


def _engine_scores_while_the_caseworker_decides(world: World, decide: object) -> list[int]:
    """The caseworker holds the pair's row lock while deciding; the engine starts scoring the
    same pair meanwhile and must wait, then see the decision."""
    pair = CandidatePair.objects.get()
    locked = threading.Event()
    results: list[int] = []
    errors: list[BaseException] = []

    def engine() -> None:
        try:
            locked.wait(10)
            results.append(store_candidates([_scored(world)], "names-test-2"))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    def caseworker() -> None:
        try:
            with transaction.atomic():
                CandidatePair.objects.select_for_update().get(pk=pair.pk)
                locked.set()
                _wait_until_someone_waits_for_a_lock()
                decide(pair)  # type: ignore[operator]
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=engine), threading.Thread(target=caseworker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("decision", [PairStatus.CONFIRMED, PairStatus.REJECTED])
def test_a_relink_during_a_decision_keeps_the_decision(world: World, decision: str) -> None:
    pair = make_pair(world.request_a, world.registration_a)
    # The facts the engine compares are those it will see again: a rejection then stays.
    pair.records_fingerprint = records_fingerprint(
        world.request_a.sought, world.registration_a.person
    )
    pair.save(update_fields=["records_fingerprint"])
    actor = world.caseworker_a

    def decide(pair: CandidatePair) -> None:
        if decision == PairStatus.CONFIRMED:
            confirm_match(actor, pair, "same father, same village")
        else:
            reject_match(actor, pair, "different person")

    if connection.vendor == "postgresql":
        results = _engine_scores_while_the_caseworker_decides(world, decide)
    else:
        # SQLite's in-memory test database refuses a second writer outright, so the two go in
        # turn here; immediate write transactions serialise them the same way in production.
        decide(CandidatePair.objects.get())
        results = [store_candidates([_scored(world)], "names-test-2")]
    pair = CandidatePair.objects.get()
    assert pair.status == decision
    assert pair.model_version == "names-test-1"
    assert results == [0]


@pytest.mark.django_db
def test_a_decision_on_a_page_shown_before_the_engine_rescored_is_checked_again(
    world: World,
) -> None:
    """The caseworker's page showed 'proposed'; meanwhile another caseworker rejected it. The
    confirmation reads the committed status, not the page's."""
    shown = make_pair(world.request_a, world.registration_a)
    reject_match(world.supervisor_a, CandidatePair.objects.get(pk=shown.pk), "different person")
    assert shown.status == PairStatus.PROPOSED  # the stale copy the first page holds
    with pytest.raises(Exception, match="waiting for review"):
        confirm_match(world.caseworker_a, shown, "looks right")
    assert CandidatePair.objects.get().status == PairStatus.REJECTED
