"""The audit trail is append-only and hash-chained; `peyvand audit verify` names the first break."""

from __future__ import annotations

import itertools
import threading

import pytest
from audit_tampering import append, broken, drop_the_triggers, sql, verify
from django.db import connection, transaction

from conftest import World
from peyvand.audit.chain import GENESIS_HASH, event_hash, verify_chain
from peyvand.audit.models import AppendOnlyError, AuditChainHead, AuditEvent
from peyvand.audit.services import record_event


@pytest.mark.django_db
def test_a_clean_chain_verifies_and_links_every_event(world: World) -> None:
    append(3)
    count = AuditEvent.objects.count()
    assert verify().startswith(f"OK: {count} events")
    rows = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in rows] == list(range(1, count + 1))
    assert rows[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.hash
    assert all(event_hash(e.__dict__) == e.hash for e in rows)
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (count, rows[-1].hash)


@pytest.mark.django_db
def test_an_edited_event_is_named() -> None:
    append(6)
    drop_the_triggers()
    sql("UPDATE audit_auditevent SET action = %s WHERE sequence = %s", "case.note_added", 3)
    message = broken()
    assert "BROKEN at sequence 3: edited" in message
    assert verify_chain().broken_at == 3


@pytest.mark.django_db
def test_an_edited_reason_or_detail_is_named_too() -> None:
    append(6)
    drop_the_triggers()
    sql("UPDATE audit_auditevent SET details = %s WHERE sequence = %s", '{"i": 99, "b": [1, 2]}', 5)
    assert "BROKEN at sequence 5: edited" in broken()


@pytest.mark.django_db
def test_a_rewritten_hash_breaks_the_next_link() -> None:
    append(6)
    drop_the_triggers()
    sql("UPDATE audit_auditevent SET action = %s, hash = %s WHERE sequence = %s", "x", "f" * 64, 2)
    report = verify_chain()
    assert not report.ok and report.broken_at == 2 and report.problem == "edited"


@pytest.mark.django_db
def test_a_deleted_event_is_a_gap() -> None:
    append(6)
    drop_the_triggers()
    sql("DELETE FROM audit_auditevent WHERE sequence = %s", 4)
    message = broken()
    assert "BROKEN at sequence 4: deleted" in message
    assert "gap" in message


@pytest.mark.django_db
def test_a_deleted_last_event_is_caught_by_the_head() -> None:
    append(6)
    drop_the_triggers()
    sql("DELETE FROM audit_auditevent WHERE sequence = %s", 6)
    assert "BROKEN at sequence 6: truncated" in broken()


@pytest.mark.django_db
def test_two_swapped_events_are_reported_as_reordered() -> None:
    append(6)
    drop_the_triggers()
    parked = 10**12
    sql("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", parked, 3)
    sql("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", 3, 5)
    sql("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", 5, parked)
    message = broken()
    assert "BROKEN at sequence 3: reordered" in message
    assert "recorded as sequence 5" in message


@pytest.mark.django_db
def test_the_orm_refuses_to_change_or_remove_events() -> None:
    append(2)
    event = AuditEvent.objects.order_by("sequence").first()
    assert event is not None
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.create(action="forged", object_type="t", object_id="1")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(action="forged")])
    assert verify().startswith("OK: 2 events")


@pytest.mark.django_db
def test_a_rolled_back_event_leaves_the_chain_whole() -> None:
    append(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(None, "test.rolled_back", ("test.thing", 1))
        raise RuntimeError
    append(1)
    assert verify().startswith("OK: 3 events")


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain() -> None:
    writers, each = 4, 5
    if connection.vendor != "postgresql":
        # SQLite serialises writers; appending in turn is the same chain.
        append(writers * each)
    else:
        errors: list[BaseException] = []
        start = threading.Barrier(writers)

        def write() -> None:
            try:
                start.wait()
                for i in range(each):
                    with transaction.atomic():
                        record_event(None, "test.concurrent", ("test.thing", i))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=write) for _ in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
    report = verify_chain()
    assert report.ok, str(report)
    assert report.events == writers * each
