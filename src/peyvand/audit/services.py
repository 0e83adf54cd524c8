"""The one way to write the audit trail."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from peyvand.accounts.models import User
from peyvand.audit.anchor import checkpoint_after_bulk
from peyvand.audit.chain import GENESIS_HASH, canonical_details, event_hash
from peyvand.audit.models import AuditChainHead, AuditEvent
from peyvand.core.bulk import insert_rows

SYSTEM_ACTOR = "system"

# The events of an open ``audit_batch``, waiting to join the chain when the batch ends.
_pending: ContextVar[list[dict[str, Any]] | None] = ContextVar("audit_batch", default=None)


def actor_label(actor: User | None) -> str:
    """How an actor is named in the trail; kept even if the account is later deleted."""
    if actor is None or not actor.is_authenticated:
        return SYSTEM_ACTOR
    return f"{actor.username} ({actor.role})"


def record_event(
    actor: User | None,
    action: str,
    target: models.Model | tuple[str, object],
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
    label: str = "",
) -> AuditEvent:
    """Append one event. ``target`` is a saved model instance or ``(type, id)``.

    ``details`` names fields and ids, never personal values: the trail must not become a copy
    of the data it protects. The event joins the hash chain under a lock on the chain head, held
    until the caller's transaction ends, so concurrent writers never fork the chain. Inside an
    :func:`audit_batch` it waits for the batch's end instead, and the event returned is not yet
    saved (no id, sequence or hash).
    """
    object_type, object_id = _target_key(target)
    pending = _pending.get()
    if pending is not None:
        row = _row(actor, label, action, (object_type, object_id), reason, details)
        row["at"] = timezone.now()
        pending.append(row)
        return AuditEvent(**row)  # written, hashed and numbered when the batch ends
    with transaction.atomic():
        head = _locked_head()
        event = AuditEvent(
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_label=(label or actor_label(actor))[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            reason=reason[:250],
            details=canonical_details(details),
            sequence=head.sequence + 1,
            prev_hash=head.hash,
            at=timezone.now(),
        )
        event.hash = event_hash(event.__dict__)
        event.save(force_insert=True)
        head.sequence = event.sequence
        head.hash = event.hash
        head.save(update_fields=["sequence", "hash"])
    return event


@dataclass(frozen=True)
class EventInput:
    """One event of a :func:`record_events` batch; the fields mean what ``record_event``'s
    arguments mean."""

    action: str
    target: models.Model | tuple[str, object]
    reason: str = ""
    details: dict[str, Any] | None = None


def record_events(actor: User | None, events: Sequence[EventInput], *, label: str = "") -> int:
    """Append many events, in order, under one lock of the chain head: the same chain that as
    many ``record_event`` calls would leave, written in a few queries (bulk loads). Returns the
    sequence number of the last event (the head's, unchanged when ``events`` is empty). Inside
    an :func:`audit_batch` the events join that batch instead, and 0 is returned.

    The AuditEvent manager refuses ``bulk_create`` so that nobody appends behind the chain's
    back; this function chains and hashes every event itself before inserting the rows.
    """
    at = timezone.now()  # one moment for the batch, as for one transaction
    rows = [
        {**_row(actor, label, e.action, e.target, e.reason, e.details), "at": at} for e in events
    ]
    pending = _pending.get()
    if pending is not None:
        pending.extend(rows)
        return 0
    return _append(rows)


@contextmanager
def audit_batch() -> Iterator[None]:
    """A transaction whose audit events join the chain together when it ends: one lock of the
    chain head and one insert for the lot, instead of one each (bulk paths: the demo, a re-link,
    an erasure). Each event keeps its own actor and moment, and the chain is the one as many
    single appends would leave; nothing is written if the block raises.

    Keep the block short (a chunk of a job, not the whole job): it is one transaction. A nested
    batch joins the outer one, and its events are dropped with it if it raises. An event
    recorded inside a plain ``atomic`` block that rolls back while the batch goes on would still
    be written, so the bulk paths let such errors end the batch.
    """
    outer = _pending.get()
    if outer is not None:
        mark = len(outer)
        try:
            with transaction.atomic():
                yield
        except BaseException:
            del outer[mark:]
            raise
        return
    pending: list[dict[str, Any]] = []
    with transaction.atomic():
        token = _pending.set(pending)
        try:
            yield
        finally:
            _pending.reset(token)
        _append(pending)


def _row(
    actor: User | None,
    label: str,
    action: str,
    target: models.Model | tuple[str, object],
    reason: str,
    details: dict[str, Any] | None,
) -> dict[str, Any]:
    """An event's columns but its moment and its place in the chain."""
    object_type, object_id = _target_key(target)
    return {
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "actor_label": (label or actor_label(actor))[:150],
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "reason": reason[:250],
        "details": canonical_details(details),
    }


def _append(rows: list[dict[str, Any]]) -> int:
    """Chain ``rows`` (each with its moment) after the head, under its lock; insert them in one
    statement. Returns the new head's sequence."""
    with transaction.atomic():
        head = _locked_head()
        if not rows:
            return head.sequence
        sequence, prev_hash = head.sequence, head.hash
        for row in rows:
            sequence += 1
            row["sequence"] = sequence
            row["prev_hash"] = prev_hash
            row["hash"] = prev_hash = event_hash(row)
        insert_rows(AuditEvent, rows)
        head.sequence, head.hash = sequence, prev_hash
        head.save(update_fields=["sequence", "hash"])
        # A bulk load is a moment worth anchoring outside the database (peyvand.audit.anchor).
        transaction.on_commit(checkpoint_after_bulk, robust=True)
    return sequence


def _target_key(target: models.Model | tuple[str, object]) -> tuple[str, str]:
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    object_type, raw_id = target
    return object_type, str(raw_id)


def _locked_head() -> AuditChainHead:
    """The chain head row, locked (``SELECT … FOR UPDATE``) for the rest of the transaction.

    The row is created by the migration; if it is gone (a flushed test database), it is rebuilt
    from the last event.
    """
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
    try:
        with transaction.atomic():
            return AuditChainHead.objects.create(
                pk=1,
                sequence=last["sequence"] if last else 0,
                hash=last["hash"] if last else GENESIS_HASH,
            )
    except IntegrityError:
        return AuditChainHead.objects.select_for_update().get(pk=1)
