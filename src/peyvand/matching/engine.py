"""The bridge between the web app and ``peyvand.linkage``'s online path.

Registrations are held in an in-memory index, rebuilt when the registry changes; a tracing
request is scored against it, and the best candidates are stored for review. The engine never
sees contact details: only the facts that identify a person.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.db.models import Count, Max, QuerySet

from peyvand.linkage import LinkageModel, OnlineIndex, Record, ScoredPair, load_default_model
from peyvand.matching.candidate_store import ScoredCandidate, store_candidates
from peyvand.people.models import DatePrecision, Person
from peyvand.tracing.models import (
    CaseState,
    FindableBy,
    Registration,
    RequestStatus,
    TracingRequest,
)

# Record ids carry their side: the index skips a candidate whose id equals the query's.
REQUEST_PREFIX = "request:"
REGISTRATION_PREFIX = "registration:"

_lock = threading.Lock()
_registry: dict[str, tuple[tuple[object, ...], OnlineIndex]] = {}


@cache
def person_model() -> LinkageModel:
    """The person-level model shipped with the package."""
    return load_default_model("default")


@cache
def model_version() -> str:
    """A short, stable name for the model in use, stored with every candidate pair."""
    content = json.dumps(person_model().content(), sort_keys=True, ensure_ascii=False)
    return f"default-{hashlib.sha256(content.encode('utf-8')).hexdigest()[:12]}"


def person_record(person: Person, record_id: str) -> Record:
    """What the engine compares of one person: names, birth, birthplace, father, sex, ID."""
    precision = person.birth_date_precision or "unknown"
    birth = person.birth_date
    return Record(
        record_id=record_id,
        names=tuple(name.full for name in person.names.all()),
        birth_year=birth.year if birth is not None else None,
        birth_date=birth if birth is not None and precision == DatePrecision.DAY else None,
        birth_precision=precision if birth is not None else "unknown",  # type: ignore[arg-type]
        birthplace=person.birthplace or None,
        father_name=person.father_given_name or None,
        sex=person.sex or None,  # type: ignore[arg-type]
        national_id=person.national_id or None,
    )


def matchable_registrations() -> QuerySet[Registration]:
    """Registrations whose person lets themself be matched at all."""
    return Registration.objects.filter(may_be_traced=True).exclude(findable_by=FindableBy.NOBODY)


def open_requests() -> QuerySet[TracingRequest]:
    """Requests still looking: not withdrawn, not closed."""
    return (
        TracingRequest.objects.filter(withdrawn_at__isnull=True)
        .exclude(status=RequestStatus.CLOSED)
        .exclude(case__state=CaseState.CLOSED)
    )


def _build_index(records: Iterable[Record]) -> OnlineIndex:
    index = OnlineIndex(person_model())
    index.add(records)
    return index


def registry_index() -> OnlineIndex:
    """The registry's index, rebuilt only when registrations or their persons changed."""
    rows = matchable_registrations()
    # Any new, removed or edited registration, person or name changes one of these.
    signature = tuple(
        rows.aggregate(
            n=Count("id"),
            last=Max("id"),
            registration_changed=Max("updated_at"),
            person_changed=Max("person__updated_at"),
            names=Count("person__names"),
            last_name=Max("person__names__id"),
        ).values()
    )
    with _lock:
        cached = _registry.get("registry")
        if cached is not None and cached[0] == signature:
            return cached[1]
        people = rows.select_related("person").prefetch_related("person__names")
        index = _build_index(
            person_record(r.person, f"{REGISTRATION_PREFIX}{r.pk}") for r in people
        )
        _registry["registry"] = (signature, index)
        return index


def forget_registry_index() -> None:
    """Drop this process's in-memory registry index (after an erasure); rebuilt on next use."""
    with _lock:
        _registry.clear()


def _kept(scored: list[ScoredPair]) -> list[ScoredPair]:
    floor = settings.PEYVAND_CANDIDATE_FLOOR
    return [pair for pair in scored if pair.match_probability >= floor]


def _candidate(request_id: str, registration_id: str, pair: ScoredPair) -> ScoredCandidate:
    return ScoredCandidate(
        tracing_request_id=int(request_id.removeprefix(REQUEST_PREFIX)),
        registration_id=int(registration_id.removeprefix(REGISTRATION_PREFIX)),
        match_probability=pair.match_probability,
        match_weight=pair.match_weight,
        explanation=[
            {"field": e.field, "level": e.level, "weight": round(e.weight, 2), "text": e.text}
            for e in pair.explanation
        ],
    )


def match_tracing_request(request_id: int) -> int:
    """Score one request's sought person against the registry; store what is worth reviewing."""
    tracing_request = (
        (open_requests().select_related("sought").prefetch_related("sought__names"))
        .filter(pk=request_id)
        .first()
    )
    if tracing_request is None:
        return 0
    query = person_record(tracing_request.sought, f"{REQUEST_PREFIX}{tracing_request.pk}")
    top_n = settings.PEYVAND_CANDIDATES_PER_RECORD
    scored = _kept(registry_index().candidates(query, top_n=top_n))
    candidates = [_candidate(str(request_id), pair.record_id_r, pair) for pair in scored]
    return store_candidates(candidates, model_version())


def match_registration(registration_id: int) -> int:
    """Score one new or changed registration against every open request."""
    registration = (
        matchable_registrations()
        .select_related("person")
        .prefetch_related("person__names")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return 0
    requests = open_requests().select_related("sought").prefetch_related("sought__names")
    index = _build_index(person_record(r.sought, f"{REQUEST_PREFIX}{r.pk}") for r in requests)
    query = person_record(registration.person, f"{REGISTRATION_PREFIX}{registration.pk}")
    # Several requests may be looking for the same person: each pair stands on its own here.
    scored = _kept(
        index.candidates(
            query, top_n=settings.PEYVAND_CANDIDATES_PER_RECORD, one_person_per_query=False
        )
    )
    candidates = [_candidate(pair.record_id_r, str(registration_id), pair) for pair in scored]
    return store_candidates(candidates, model_version())
