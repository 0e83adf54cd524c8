"""The health probe's answer: is the database reachable, is a worker taking queued tasks?

Nothing in it names a person or a record: only states and ages in whole seconds.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from peyvand.core.operations.metrics import oldest_ready_enqueued_at, uses_task_queue


def health() -> tuple[bool, dict[str, Any]]:
    """(healthy, report). The worker counts as stale once a queued task has waited longer than
    ``PEYVAND_HEALTH_QUEUE_SECONDS``: with nothing queued, an idle worker is a healthy one."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False, {"status": "fail", "database": "unreachable"}
    report: dict[str, Any] = {"status": "ok", "database": "ok"}
    if not uses_task_queue():
        report["worker"] = "not used"
        return True, report
    try:
        oldest = oldest_ready_enqueued_at()
    except DatabaseError:
        return False, {"status": "fail", "database": "unreachable"}
    waited = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    report["oldest_queued_seconds"] = max(waited, 0)
    stale = waited > settings.PEYVAND_HEALTH_QUEUE_SECONDS
    report["worker"] = "stale" if stale else "ok"
    if stale:
        report["status"] = "fail"
    return not stale, report
