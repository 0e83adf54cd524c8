"""Access to the audit trail: the data-protection officer and administrators only."""

from __future__ import annotations

from django.db.models import QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user
from peyvand.audit.models import AuditEvent
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound


def access_record_history(user: User, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """Every event about one record, newest first; reading the trail is itself audited."""
    if not is_active_user(user) or user.role not in (Role.DPO, Role.ADMIN):
        record_event(user, "access.refused", ("audit.history", f"{object_type}:{object_id}"))
        raise NotFound()
    record_event(user, "audit.history_read", (object_type, object_id))
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
