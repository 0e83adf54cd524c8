"""Rebuilding the live candidate index: after a change of its layout or a new SECRET_KEY.

The index is emptied, then every registration and request is indexed again in chunks, each in
its own short transaction, so that nothing holds a lock for the whole job and new records
written meanwhile are indexed by their own transactions as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import transaction
from django.db.models import QuerySet

from peyvand.core.bulk import refresh_statistics
from peyvand.matching.candidate_index import REGISTRY, REQUESTS
from peyvand.matching.engine import index_registrations, index_requests, person_model
from peyvand.matching.model_store import index_version
from peyvand.matching.models import (
    IndexCount,
    IndexedRegistration,
    IndexedRequest,
    RegistrationKey,
    RequestKey,
)
from peyvand.tracing.models import Registration, TracingRequest

REINDEX_CHUNK = 1000


def _id_chunks(rows: QuerySet[Registration] | QuerySet[TracingRequest]) -> Iterator[list[int]]:
    """Ids in ascending chunks, read by key range (no whole-table list in memory)."""
    last = 0
    while True:
        chunk = list(
            rows.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:REINDEX_CHUNK]
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1]


def rebuild_index(on_progress: Callable[[str, int], None] | None = None) -> tuple[int, int]:
    """Empty the index and index every registration and request again; returns the counts."""
    with transaction.atomic():
        for model in (RegistrationKey, RequestKey, IndexedRegistration, IndexedRequest):
            model.objects.all().delete()
        IndexCount.objects.all().delete()
    done = {"registrations": 0, "requests": 0}
    for side, rows, index in (
        ("registrations", Registration.objects.all(), index_registrations),
        ("requests", TracingRequest.objects.all(), index_requests),
    ):
        for chunk in _id_chunks(rows):
            with transaction.atomic():
                index(chunk)
            done[side] += len(chunk)
            if on_progress is not None:
                on_progress(side, done[side])
    refresh_statistics()
    return done["registrations"], done["requests"]


def needs_rebuild() -> bool:
    """True when the index was written under another layout (blocking rules, columns read) than
    the model in use has (m, u and the calibration are not in the index), or under another
    ``SECRET_KEY`` (a restored backup on a new server): its rows are there but its
    counters, keyed by the secret, read as empty. A few indexed lookups on any registry."""
    version = index_version(person_model())
    if IndexedRegistration.objects.exclude(model_version=version).exists():
        return True
    if IndexedRequest.objects.exclude(model_version=version).exists():
        return True
    written = IndexedRegistration.objects.exists() or IndexedRequest.objects.exists()
    return written and not (REGISTRY.population() or REQUESTS.population())
