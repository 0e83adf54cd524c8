"""The one way to write the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models

from peyvand.accounts.models import User
from peyvand.audit.models import AuditEvent

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
    of the data it protects.
    """
    if isinstance(target, models.Model):
        object_type = target._meta.label_lower
        object_id = str(target.pk)
    else:
        object_type, raw_id = target
        object_id = str(raw_id)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=label or actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason[:250],
        details=details or {},
    )
