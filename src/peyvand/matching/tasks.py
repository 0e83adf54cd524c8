"""Background matching: one record against the other side, with the engine's online path."""

from __future__ import annotations

from django_tasks import task

from peyvand.core.operations.metrics import MATCHING_SECONDS


@task()
def match_request_task(request_id: int) -> int:
    """Score one tracing request against the registry; return the pairs waiting for review."""
    from peyvand.matching.engine import match_tracing_request

    with MATCHING_SECONDS.labels(side="request").time():
        return match_tracing_request(request_id)


@task()
def match_registration_task(registration_id: int) -> int:
    """Score one registration against the open tracing requests."""
    from peyvand.matching.engine import match_registration

    with MATCHING_SECONDS.labels(side="registration").time():
        return match_registration(registration_id)


@task()
def relink_task(run_id: int) -> None:
    """Run a full batch re-link, updating the run's progress as it goes."""
    from peyvand.matching.relink import run_relink

    run_relink(run_id)
