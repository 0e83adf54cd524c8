"""Access to the staff pages that are not one protected record: queues and re-link runs."""

from __future__ import annotations

from typing import Any

from peyvand.accounts.models import STAFF_ROLES, User
from peyvand.accounts.roles import is_active_user
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound, fetch_or_refuse
from peyvand.matching.access import require_relink_right
from peyvand.matching.models import RelinkRun


def require_staff(user: User, page: str) -> None:
    """Staff pages exist only for staff: anyone else gets the same 404 as a missing page."""
    if not is_active_user(user) or user.role not in STAFF_ROLES:
        record_event(user, "access.refused", ("staff.page", page), details={"write": False})
        raise NotFound()


def access_relink_run(user: User, run_id: Any) -> RelinkRun:
    """A re-link run, for those who may start one; NotFound alike for missing and forbidden."""
    try:
        require_relink_right(user)
    except NotFound:
        record_event(user, "access.refused", ("matching.relinkrun", run_id), details={})
        raise
    return fetch_or_refuse(
        user,
        RelinkRun.objects.select_related("started_by"),
        RelinkRun,
        run_id,
        write=False,
        writable=False,
    )
