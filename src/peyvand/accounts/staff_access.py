"""The staff pages that are not one protected record (queues, lists, exports): staff only."""

from __future__ import annotations

from peyvand.accounts.models import STAFF_ROLES, User
from peyvand.accounts.roles import is_active_user
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound


def require_staff(user: User, page: str) -> None:
    """Staff pages exist only for staff: anyone else gets the same 404 as a missing page."""
    if not is_active_user(user) or user.role not in STAFF_ROLES:
        record_event(user, "access.refused", ("staff.page", page), details={"write": False})
        raise NotFound()
