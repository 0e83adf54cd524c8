"""Bulk paths (the demo, a re-link, an erasure) chain their audit events in batches: one update
of the chain head per short transaction, never one per event, and `peyvand audit verify` passes
after each of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from audit_tampering import verify
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from conftest import World, sought_person
from peyvand.audit.models import AuditChainHead, AuditEvent
from peyvand.audit.services import EventInput, audit_batch, record_event, record_events
from peyvand.demo.generator import build_plan
from peyvand.demo.loader import load_plan
from peyvand.demo.loop import link_everything
from peyvand.demo.names import builtin_material
from peyvand.matching.models import (
    CandidatePair,
    IndexedRegistration,
    IndexedRequest,
    RelinkRun,
)
from peyvand.matching.relink import REQUESTS_PER_CHUNK
from peyvand.people.services import PersonInput, clean_person
from peyvand.privacy.erasure import erase_person
from peyvand.tracing.models import Case, CaseState
from peyvand.tracing.services import clean_tracing_request, submit_tracing_requests
from privacy.test_erasure_leaves_a_tombstone import linked_world

HEAD_TABLE = AuditChainHead._meta.db_table


class HeadUpdates:
    """Counts the statements that move the chain head (one per append to the chain)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("UPDATE") and HEAD_TABLE in sql:
            self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting_head_updates() -> Iterator[HeadUpdates]:
    updates = HeadUpdates()
    with connection.execute_wrapper(updates):
        yield updates


def anchored_sequences() -> list[int]:
    """The chain heads checkpointed after each committed bulk append, in order."""
    path = Path(settings.PEYVAND_AUDIT_ANCHOR)
    if not path.exists():
        return []
    return [json.loads(line)["sequence"] for line in path.read_text().splitlines()]


@pytest.mark.django_db
def test_a_batch_writes_its_events_when_it_ends_under_one_update_of_the_head(
    world: World,
) -> None:
    before = AuditEvent.objects.count()
    with counting_head_updates() as updates, audit_batch():
        record_event(world.caseworker_a, "test.first", world.case_a, reason="why")
        record_events(None, [EventInput("test.bulk", ("test.thing", i)) for i in range(3)])
        record_event(world.supervisor_a, "test.last", world.case_a, details={"n": 1})
        assert AuditEvent.objects.count() == before  # not yet: the batch ends first
    assert updates.count == 1
    written = list(AuditEvent.objects.order_by("sequence")[before:])
    assert [e.action for e in written] == ["test.first", *["test.bulk"] * 3, "test.last"]
    assert [e.actor_id for e in written] == [
        world.caseworker_a.pk,
        *[None] * 3,
        world.supervisor_a.pk,
    ]
    assert written[0].reason == "why" and written[-1].details == {"n": 1}
    assert [e.sequence for e in written] == list(range(before + 1, before + 6))
    assert "OK" in verify()


@pytest.mark.django_db
def test_a_batch_that_raises_writes_nothing_and_a_nested_one_drops_only_its_own(
    world: World,
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), audit_batch():
        record_event(None, "test.lost", world.case_a)
        raise RuntimeError
    assert AuditEvent.objects.count() == before
    with audit_batch():
        record_event(None, "test.kept", world.case_a)
        with pytest.raises(RuntimeError), audit_batch():
            record_event(None, "test.dropped", world.case_a)
            raise RuntimeError
        record_event(None, "test.kept_too", world.case_a)
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[before:] == ["test.kept", "test.kept_too"]
    assert "OK" in verify()


@pytest.mark.django_db(transaction=True)
def test_the_demo_loads_and_links_in_chunks_each_committed_with_one_update_of_the_head() -> None:
    plan = build_plan(3, 300, builtin_material())
    with counting_head_updates() as updates:
        loaded = load_plan(plan, chunk_size=25)
    # Staff in one batch, then registrations and requests 25 at a time.
    chunks = 1 + -(-len(plan.registrations) // 25) + -(-len(plan.requests) // 25)
    assert updates.count == chunks
    # Every record went into the live candidate index with its chunk.
    assert IndexedRegistration.objects.count() == len(plan.registrations)
    assert IndexedRequest.objects.count() == len(plan.requests)
    events = AuditEvent.objects.count()
    assert events > 10 * chunks  # persons, registrations, requests, cases, assignments, notes
    # Each chunk committed on its own: a checkpoint was written after each commit.
    assert len(anchored_sequences()) == chunks
    assert anchored_sequences()[-1] == events
    with counting_head_updates() as updates:
        link_everything(loaded)
    pairs = CandidatePair.objects.count()
    assert pairs > 50
    assert AuditEvent.objects.filter(action="pair.proposed").count() == pairs
    # The batch re-link: one append per chunk of requests that had candidates, at most.
    assert updates.count <= -(-len(plan.requests) // REQUESTS_PER_CHUNK)
    assert "OK" in verify()


@pytest.mark.django_db
def test_a_relink_chains_its_pairs_a_chunk_at_a_time(world: World) -> None:
    facts = sought_person("محمدرضا خدابنده")
    seeker = clean_person(PersonInput(names=facts.names[:1], sex="f"))
    requests = [
        clean_tracing_request(seeker=seeker, sought=clean_person(facts), relationship="sibling")
        for _ in range(60)
    ]
    submit_tracing_requests(None, world.registration_a.agency, requests)
    with counting_head_updates() as updates:
        call_command("relink", stdout=None)
    proposed = AuditEvent.objects.filter(action="pair.proposed").count()
    assert proposed >= 60
    # The run opened, one append per chunk of requests, the run finished.
    linked = RelinkRun.objects.get().total
    assert linked >= 60
    assert updates.count == 1 + -(-linked // REQUESTS_PER_CHUNK) + 1
    assert "OK" in verify()


@pytest.mark.django_db
def test_an_erasure_chains_its_events_together(world: World) -> None:
    linked_world(world)  # request A confirmed as the registrant's: erasing them closes its case
    before = AuditEvent.objects.count()
    with counting_head_updates() as updates:
        erase_person(world.dpo, world.registration_a.person, "GDPR art. 17")
    assert updates.count == 1
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[before:] == ["case.state_changed", "person.erased"]
    assert Case.objects.get(pk=world.case_a.pk).state == CaseState.CLOSED
    assert "OK" in verify()
