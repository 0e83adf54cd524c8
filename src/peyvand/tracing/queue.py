"""Hand new records to the matching engine: indexed now, matched after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction

# tracing → matching: the upward imports left in tracing's services (README, "Architecture"):
# indexing a new record and queueing its matching belong in peyvand.actions once the views that
# submit move up too.
from peyvand.matching.engine import index_registrations, index_requests
from peyvand.matching.tasks import match_registration_task, match_request_task

# Bulk loads (the demo, imports) match once at the end with a re-link instead of per record.
_deferred: ContextVar[bool] = ContextVar("matching_deferred", default=False)


@contextmanager
def matching_deferred() -> Iterator[None]:
    """Within this block, new records are indexed but not queued for matching; run a re-link
    afterwards."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def queue_matching(
    *, request_ids: Sequence[int] = (), registration_ids: Sequence[int] = ()
) -> None:
    """Index new records in the live candidate index, in the surrounding transaction (a record
    and its index rows commit together), and enqueue their matching once it commits."""
    index_requests(list(request_ids))
    index_registrations(list(registration_ids))
    if _deferred.get():
        return
    for request_id in request_ids:
        transaction.on_commit(partial(match_request_task.enqueue, request_id))
    for registration_id in registration_ids:
        transaction.on_commit(partial(match_registration_task.enqueue, registration_id))
