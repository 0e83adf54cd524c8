"""Access to the re-link runs (the staff pages in general: ``peyvand.accounts.staff_access``)."""

from __future__ import annotations

from typing import Any

from peyvand.accounts.models import User
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound
from peyvand.matching.access import require_relink_right
from peyvand.matching.models import RelinkRun


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
