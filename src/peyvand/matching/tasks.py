"""Background matching: one record against the other side, with the engine's online path."""

from __future__ import annotations

from django_tasks import task

from peyvand.core.operations.metrics import MATCHING_SECONDS
from peyvand.matching.engine import match_registration, match_tracing_request
from peyvand.matching.relink import run_relink


@task()
def match_request_task(request_id: int) -> int:
    """Score one tracing request against the registry; return the pairs waiting for review."""
    with MATCHING_SECONDS.labels(side="request").time():
        return match_tracing_request(request_id)


@task()
def match_registration_task(registration_id: int) -> int:
    """Score one registration against the open tracing requests."""
    with MATCHING_SECONDS.labels(side="registration").time():
        return match_registration(registration_id)


@task()
def relink_task(run_id: int) -> None:
    """Run a full batch re-link, updating the run's progress as it goes."""
    run_relink(run_id)
