"""A full re-link: every open request scored again against the whole registry, with progress."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from peyvand.audit.services import audit_batch, record_event
from peyvand.matching.engine import match_tracing_request, model_version, open_requests
from peyvand.matching.models import RelinkRun, RunStatus
from peyvand.matching.reindex import rebuild_index, stale_rows

PROGRESS_EVERY = 25


def run_relink(run_id: int, on_progress: Callable[[int, int], None] | None = None) -> RelinkRun:
    """Score every open request; update the run's counters every few requests so the staff page
    can show progress. A failure is recorded on the run, never swallowed silently."""
    run = RelinkRun.objects.get(pk=run_id)
    if stale_rows():
        rebuild_index()  # a new model: its blocking rules and columns, before anything is scored
    request_ids = list(open_requests().order_by("pk").values_list("pk", flat=True))
    RelinkRun.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, total=len(request_ids), model_version=model_version()
    )
    found = 0
    try:
        for start in range(0, len(request_ids), PROGRESS_EVERY):
            chunk = request_ids[start : start + PROGRESS_EVERY]
            # One short transaction per chunk, its audit events chained together: never one
            # transaction for the whole run, nor one lock of the chain head per stored pair.
            with audit_batch():
                found += sum(match_tracing_request(request_id) for request_id in chunk)
                done = start + len(chunk)
                RelinkRun.objects.filter(pk=run_id).update(processed=done, pairs_found=found)
            if on_progress is not None:
                on_progress(done, len(request_ids))
    except Exception as exc:
        RelinkRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        RelinkRun.objects.filter(pk=run_id).update(
            status=RunStatus.DONE, finished_at=timezone.now(), processed=F("total")
        )
        record_event(run.started_by, "relink.finished", run, details={"pairs": found})
    run.refresh_from_db()
    return run
