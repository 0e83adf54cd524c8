"""Access to the audit trail: the data-protection officer and administrators only.

The person-centred history lives with erasure in :mod:`peyvand.privacy.history`.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user
from peyvand.audit.models import AuditEvent
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound


def _may_read_trail(user: User) -> bool:
    return is_active_user(user) and user.role in (Role.DPO, Role.ADMIN)


def _known_record_type(object_type: str) -> bool:
    """``app_label.model`` of an installed model: the form the trail records types in."""
    try:
        apps.get_model(object_type)
    except (LookupError, ValueError):
        return False
    return True


def access_record_history(user: User, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """Every event about one record, newest first; reading the trail is itself audited."""
    if not _may_read_trail(user) or not _known_record_type(object_type):
        record_event(user, "access.refused", ("audit.history", f"{object_type}:{object_id}"))
        raise NotFound()
    record_event(user, "audit.history_read", (object_type, object_id))
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
