"""The bridge between the web app and ``peyvand.linkage``'s online path.

Registrations and requests are indexed in the database when they are written
(``matching.candidate_index``); a new request is scored against the registry's rows that share a
blocking key with it, a new registration against the open requests', and the best candidates
are stored for review. Nothing is held in a process's memory, so every process sees the same
registry and none grows with it. The engine never sees contact details: only the facts that
identify a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from peyvand.linkage import (
    LinkageModel,
    Record,
    ScoredPair,
    rank_candidates,
    record_values,
)
from peyvand.matching.candidate_index import COMPARISON_KEYS, REGISTRY, REQUESTS
from peyvand.matching.candidate_store import ScoredCandidate, store_candidates
from peyvand.matching.model_store import active_model, index_version
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
READ_CHUNK = 2000
"""Records read back per query when indexing (bulk loads index thousands at once)."""


def person_model() -> LinkageModel:
    """The person-level model in use: the version a supervisor activated, else the shipped one
    (``matching.model_store``)."""
    return active_model()[1]


def model_version() -> str:
    """A short, stable name for the model in use, stored with every candidate pair."""
    return active_model()[0]


def person_record(person: Person, record_id: str) -> Record:
    """What the engine compares of one person: names, birth, birthplace, parents, sex, ID."""
    precision = person.birth_date_precision or "unknown"
    birth = person.birth_date
    names = list(person.names.all())
    return Record(
        record_id=record_id,
        names=tuple(name.full for name in names),
        birth_year=birth.year if birth is not None else None,
        birth_date=birth if precision in (DatePrecision.DAY, DatePrecision.MONTH) else None,
        birth_precision=precision if birth is not None else "unknown",  # type: ignore[arg-type]
        birthplace=person.birthplace or None,
        father_name=person.father_given_name or None,
        mother_name=person.mother_given_name or None,
        # Names used instead of the birth name (NameKind alias and organisational: nicknames,
        # names used in a camp); the married name changes only the family name.
        other_names=tuple(name.full for name in names if name.kind in ("alias", "organisational")),
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


# The same conditions, read from an index row through its record.
MATCHABLE = Q(registration__may_be_traced=True) & ~Q(registration__findable_by=FindableBy.NOBODY)
STILL_OPEN = (
    Q(tracing_request__withdrawn_at__isnull=True)
    & ~Q(tracing_request__status=RequestStatus.CLOSED)
    & ~Q(tracing_request__case__state=CaseState.CLOSED)
)


def _values_by_id(
    rows: QuerySet[Any], person: str, prefix: str, ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """The comparison columns of the ``person`` of each row among ``ids``, by row id."""
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), READ_CHUNK):
        chunk = rows.filter(pk__in=ids[start : start + READ_CHUNK])
        for row in chunk.select_related(person).prefetch_related(f"{person}__names"):
            record = person_record(getattr(row, person), f"{prefix}{row.pk}")
            out[row.pk] = record_values(record)
    return out


def registration_values(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The comparison columns of registered persons, by registration id."""
    return _values_by_id(Registration.objects.all(), "person", REGISTRATION_PREFIX, ids)


def request_values(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The comparison columns of requests' sought persons, by request id."""
    return _values_by_id(TracingRequest.objects.all(), "sought", REQUEST_PREFIX, ids)


def index_registrations(ids: Sequence[int]) -> None:
    """Index registrations in the live candidate index, in the caller's transaction."""
    model = person_model()
    REGISTRY.index(model, index_version(model), registration_values(ids))


def index_requests(ids: Sequence[int]) -> None:
    """Index requests' sought persons in the live candidate index, in the caller's transaction."""
    model = person_model()
    REQUESTS.index(model, index_version(model), request_values(ids))


def forget_indexed(registrations: Sequence[int] = (), requests: Sequence[int] = ()) -> None:
    """Take records out of the live candidate index and its counters (erasure, retention)."""
    model = person_model()
    REGISTRY.forget(model, registrations)
    REQUESTS.forget(model, requests)


def _kept(scored: list[ScoredPair]) -> list[ScoredPair]:
    floor = settings.PEYVAND_CANDIDATE_FLOOR
    return [pair for pair in scored if pair.match_probability >= floor]


def _candidate(request_id: int, registration_id: int, pair: ScoredPair) -> ScoredCandidate:
    return ScoredCandidate(
        tracing_request_id=request_id,
        registration_id=registration_id,
        match_probability=pair.match_probability,
        match_weight=pair.match_weight,
        explanation=[
            {"field": e.field, "level": e.level, "weight": round(e.weight, 2), "text": e.text}
            for e in pair.explanation
        ],
    )


def rank_for_request(
    query: dict[str, Any],
    candidates: dict[int, dict[str, Any]],
    population: int,
    frequencies: Any,
    model: LinkageModel | None = None,
) -> list[ScoredPair]:
    """A request's candidates worth a caseworker's look, best first: each with its probability
    of being the one person sought, among these candidates (scored by ``model``, by default the
    one in use)."""
    return _kept(
        rank_candidates(
            model or person_model(),
            query,
            candidates,
            population,
            frequencies,
            top_n=settings.PEYVAND_CANDIDATES_PER_RECORD,
            keys=stored_keys(candidates),
        )
    )


def stored_keys(candidates: dict[int, dict[str, Any]]) -> dict[int, list[int]] | None:
    """The comparison keys the index stored with each candidate (None if any row lacks them)."""
    keys = {i: values.get(COMPARISON_KEYS) for i, values in candidates.items()}
    return None if any(k is None for k in keys.values()) else keys  # type: ignore[return-value]


def score_request(request_id: int, model: LinkageModel | None = None) -> list[ScoredPair] | None:
    """One open request's best candidates in the registry (None: not an open request)."""
    tracing_request = (
        (open_requests().select_related("sought").prefetch_related("sought__names"))
        .filter(pk=request_id)
        .first()
    )
    if tracing_request is None:
        return None
    query = record_values(person_record(tracing_request.sought, f"{REQUEST_PREFIX}{request_id}"))
    model = model or person_model()
    found = REGISTRY.find(model, query, MATCHABLE)
    return rank_for_request(query, found.values, found.population, found.frequencies, model)


def store_for_request(request_id: int, scored: list[ScoredPair], version: str = "") -> int:
    """Store one request's scored candidates under the model version that scored them (by
    default the one in use); returns how many wait for review."""
    candidates = [_candidate(request_id, int(pair.record_id_r), pair) for pair in scored]
    return store_candidates(candidates, version or model_version())


def match_tracing_request(request_id: int) -> int:
    """Score one request's sought person against the registry; store what is worth reviewing."""
    version, model = active_model()
    scored = score_request(request_id, model)
    return 0 if scored is None else store_for_request(request_id, scored, version)


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
    version, model = active_model()
    query = record_values(
        person_record(registration.person, f"{REGISTRATION_PREFIX}{registration_id}")
    )
    found = REQUESTS.find(model, query, STILL_OPEN)
    # Several requests may be looking for the same person: each pair stands on its own here.
    scored = _kept(
        rank_candidates(
            model,
            query,
            found.values,
            found.population,
            found.frequencies,
            top_n=settings.PEYVAND_CANDIDATES_PER_RECORD,
            one_person_per_query=False,
            keys=stored_keys(found.values),
        )
    )
    candidates = [_candidate(int(pair.record_id_r), registration_id, pair) for pair in scored]
    return store_candidates(candidates, version)
