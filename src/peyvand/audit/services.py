"""The one way to write the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
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
    until the caller's transaction ends, so concurrent writers never fork the chain.
    """
    object_type, object_id = _target_key(target)
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
    sequence number of the last event (the head's, unchanged when ``events`` is empty).

    The AuditEvent manager refuses ``bulk_create`` so that nobody appends behind the chain's
    back; this function chains and hashes every event itself before inserting the rows.
    """
    account = actor.pk if actor is not None and actor.is_authenticated else None
    who = (label or actor_label(actor))[:150]
    with transaction.atomic():
        head = _locked_head()
        if not events:
            return head.sequence
        sequence, prev_hash = head.sequence, head.hash
        at = timezone.now()  # one moment for the batch, as for one transaction
        rows = []
        for entry in events:
            object_type, object_id = _target_key(entry.target)
            sequence += 1
            row: dict[str, Any] = {
                "actor_id": account,
                "actor_label": who,
                "action": entry.action,
                "object_type": object_type,
                "object_id": object_id,
                "reason": entry.reason[:250],
                "details": canonical_details(entry.details),
                "sequence": sequence,
                "prev_hash": prev_hash,
                "at": at,
            }
            row["hash"] = prev_hash = event_hash(row)
            rows.append(row)
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
