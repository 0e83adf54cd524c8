"""Hand new records to the matching engine: indexed now, matched after the transaction commits.

Tracing sits below matching, so it does not import the engine: it declares what it needs
(``MatchingHooks``) and ``matching`` fills it in at start-up (``MatchingConfig.ready``). A
process that submits records without the matching app installed fails loudly here rather than
leaving them unmatched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction


@dataclass(frozen=True)
class MatchingHooks:
    """What tracing asks of matching when records are submitted."""

    index_requests: Callable[[Sequence[int]], object]  # in the caller's transaction
    index_registrations: Callable[[Sequence[int]], object]
    match_request: Callable[[int], object]  # enqueue one request's matching
    match_registration: Callable[[int], object]


_hooks: list[MatchingHooks] = []
# Bulk loads (the demo, imports) match once at the end with a re-link instead of per record.
_deferred: ContextVar[bool] = ContextVar("matching_deferred", default=False)


def register_matching(hooks: MatchingHooks) -> None:
    """Called once by ``peyvand.matching`` at start-up; a second call replaces the first."""
    _hooks[:] = [hooks]


def matching_hooks() -> MatchingHooks:
    if not _hooks:
        raise ImproperlyConfigured(
            "peyvand.matching is not installed: new records cannot be matched"
        )
    return _hooks[0]


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
    hooks = matching_hooks()
    hooks.index_requests(list(request_ids))
    hooks.index_registrations(list(registration_ids))
    if _deferred.get():
        return
    for request_id in request_ids:
        transaction.on_commit(partial(hooks.match_request, request_id))
    for registration_id in registration_ids:
        transaction.on_commit(partial(hooks.match_registration, registration_id))
