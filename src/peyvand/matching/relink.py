"""A full re-link: every open request scored again against the whole registry, as a batch.

Splink on DuckDB finds each open request's best few registry records over the whole index in
one pass (``peyvand.linkage.best_pairs``), reading both sides from the candidate index in
chunks. Each request's candidates are then scored as the online path scores them (the same
probabilities and explanations) and stored a chunk of requests at a time: no transaction is
held for the job, and a caseworker's decision is never undone (``store_candidates`` re-reads
each pair under a row lock). Every pair keeps the version of the model that scored it. A
new index layout (other comparisons or blocking rules) or a new ``SECRET_KEY`` rebuilds the
index first; a re-weighted model (``matching.model_versions``) does not need it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from peyvand.audit.services import audit_batch, record_event
from peyvand.core.bulk import refresh_statistics
from peyvand.linkage import LinkageModel, best_pairs
from peyvand.matching.candidate_index import REGISTRY, REQUESTS
from peyvand.matching.engine import (
    MATCHABLE,
    STILL_OPEN,
    model_version,
    rank_for_request,
    store_for_request,
)
from peyvand.matching.model_store import active_model
from peyvand.matching.models import RelinkRun, RunStatus
from peyvand.matching.reindex import needs_rebuild, rebuild_index

REQUESTS_PER_CHUNK = 50
SPLINK_CANDIDATES = 3
"""Splink keeps this many times ``PEYVAND_CANDIDATES_PER_RECORD`` per request: the shares of
the one person sought are worked out among them."""


def _link_chunk(
    chunk: list[str], best: dict[str, list[str]], version: str, model: LinkageModel
) -> int:
    """Score and store one chunk of requests; returns the pairs waiting for review."""
    queries = REQUESTS.values_of([int(r) for r in chunk], STILL_OPEN)
    registered = REGISTRY.values_of({int(i) for r in chunk for i in best[r]}, MATCHABLE)
    found = 0
    for request_id, query in queries.items():
        _counts, population, frequencies = REGISTRY.statistics(model, query)
        ids = [int(i) for i in best[str(request_id)] if int(i) in registered]
        candidates = {i: registered[i] for i in ids}
        scored = rank_for_request(query, candidates, population, frequencies, model)
        found += store_for_request(request_id, scored, version)
    return found


def link_open_requests(
    spark: Any = None,
    on_total: Callable[[int], None] | None = None,
    on_chunk: Callable[[int, int], None] | None = None,
) -> int:
    """Score every open request against the registry as a batch; returns the pairs waiting for
    review. ``on_total`` hears how many requests have candidates, ``on_chunk`` (requests done,
    pairs so far) after each chunk has committed. With a ``spark`` session
    the candidates are searched on Spark instead of DuckDB."""
    if needs_rebuild():
        rebuild_index()  # a new index layout or a new secret: before anything is scored
    # One model for the whole run, and its version stored with every pair it scored.
    version, model = active_model()
    per_request = settings.PEYVAND_CANDIDATES_PER_RECORD * SPLINK_CANDIDATES
    sides = (REQUESTS.stream(STILL_OPEN), REGISTRY.stream(MATCHABLE), model)
    if spark is None:
        best = best_pairs(*sides, per_request)
    else:
        from peyvand.linkage import spark_best_pairs  # the spark extra

        best = spark_best_pairs(*sides, per_request, spark)
    requests = sorted(best, key=int)
    if on_total is not None:
        on_total(len(requests))
    found = 0
    for start in range(0, len(requests), REQUESTS_PER_CHUNK):
        # One short transaction per chunk, its audit events chained together: never one
        # transaction for the whole run, nor one lock of the chain head per stored pair.
        with audit_batch():
            found += _link_chunk(requests[start : start + REQUESTS_PER_CHUNK], best, version, model)
        if on_chunk is not None:
            on_chunk(min(start + REQUESTS_PER_CHUNK, len(requests)), found)
    return found


def run_relink(
    run_id: int,
    on_progress: Callable[[int, int], None] | None = None,
    spark: Any = None,
) -> RelinkRun:
    """Re-link every open request (:func:`link_open_requests`); update the run's counters after
    each chunk so the staff page can show progress. A failure is recorded on the run, never
    swallowed silently."""
    run = RelinkRun.objects.get(pk=run_id)
    runs = RelinkRun.objects.filter(pk=run_id)
    total = 0

    def started(count: int) -> None:
        nonlocal total
        total = count
        runs.update(total=count)

    def chunk_done(done: int, found: int) -> None:
        runs.update(processed=done, pairs_found=found)
        if on_progress is not None:
            on_progress(done, total)

    try:
        runs.update(status=RunStatus.RUNNING, model_version=model_version())
        found = link_open_requests(spark, on_total=started, on_chunk=chunk_done)
    except Exception as exc:
        runs.update(status=RunStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now())
        raise
    refresh_statistics()  # thousands of pairs written: the queues are planned on their counts
    with transaction.atomic():
        runs.update(status=RunStatus.DONE, finished_at=timezone.now(), processed=F("total"))
        record_event(run.started_by, "relink.finished", run, details={"pairs": found})
    run.refresh_from_db()
    return run
