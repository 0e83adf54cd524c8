"""Hand new and changed records to the matching engine after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

# tracing → matching: one upward import left (README, "Architecture"): submitting a record and
# queueing its matching belong in peyvand.actions once the views that submit move up too.
from peyvand.matching.tasks import match_registration_task, match_request_task

# Bulk loads (the demo, imports) match once at the end with a re-link instead of per record.
_deferred: ContextVar[bool] = ContextVar("matching_deferred", default=False)


@contextmanager
def matching_deferred() -> Iterator[None]:
    """Within this block, new records are not queued for matching; run a re-link afterwards."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def queue_matching(*, request_id: int | None = None, registration_id: int | None = None) -> None:
    """Enqueue background matching for one record once the surrounding transaction commits."""
    if _deferred.get():
        return
    if request_id is not None:
        transaction.on_commit(lambda: match_request_task.enqueue(request_id))
    if registration_id is not None:
        transaction.on_commit(lambda: match_registration_task.enqueue(registration_id))
