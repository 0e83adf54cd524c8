"""The one way to write the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from peyvand.accounts.models import User
from peyvand.audit.chain import GENESIS_HASH, canonical_details, event_hash
from peyvand.audit.models import AuditChainHead, AuditEvent

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
    if isinstance(target, models.Model):
        object_type = target._meta.label_lower
        object_id = str(target.pk)
    else:
        object_type, raw_id = target
        object_id = str(raw_id)
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
