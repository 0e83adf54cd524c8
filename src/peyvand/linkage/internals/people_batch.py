"""Batch person linkage: Splink on DuckDB over whole tables of person records.

``link_people`` links tracing requests to a registry (link only); the number of pairs the
blocking rules let through is counted first and reported to the caller before scoring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from peyvand.linkage.internals.assignment import estimate_share_matched, exclusive_probabilities
from peyvand.linkage.internals.batch import (
    UNIQUE_ID,
    make_linker,
    records_to_table,
    splink_settings,
)
from peyvand.linkage.internals.blocking import block_pairs
from peyvand.linkage.internals.comparisons import (
    BlockingRule,
    blocking_rule_sql,
    comparison_columns,
)
from peyvand.linkage.internals.errors import ModelFileError
from peyvand.linkage.internals.model import (
    MIN_POPULATION,
    LinkageModel,
    load_default_model,
    load_model,
)
from peyvand.linkage.internals.people import Record, record_values

PEOPLE_KIND = "people"
PRIOR_PAIR_FLOOR = 1e-6
"""Pairs less likely than this add nothing to an estimate of the prior."""
CANDIDATE_FLOOR = 1e-4
"""Pairs below this pairwise probability cannot matter to a request's candidates."""


@dataclass(frozen=True)
class LinkedPair:
    """A scored pair from the batch path.

    ``match_probability`` is the probability that the registry record is the person the
    request is about (one person per request, see ``assignment``); in a dedupe it is the
    pairwise Fellegi–Sunter probability, which ``pairwise_probability`` always holds.
    """

    record_id_l: str
    record_id_r: str
    match_weight: float
    match_probability: float
    pairwise_probability: float = 0.0


def load_default_people_model() -> LinkageModel:
    """The person-level model shipped with the package (``models/default.json``)."""
    return load_default_model("default")


def load_people_model(path: str | Path) -> LinkageModel:
    """A person-level model saved by ``save_model`` (e.g. by ``peyvand link --train``).

    Raises :class:`ModelFileError` when the file is not a valid model file, or is a model of
    another kind (a names model cannot score person records).
    """
    model = load_model(path)
    if model.kind != PEOPLE_KIND:
        raise ModelFileError(
            f"{path} is a {model.kind!r} model, not one for person records", "kind"
        )
    return model


def people_columns(model: LinkageModel) -> list[str]:
    """Columns a people table needs: id, comparison columns, blocking columns."""
    columns = [UNIQUE_ID, *comparison_columns(model.comparisons)]
    columns += [c for rule in model.blocking_rules for pair in rule for c in pair]
    return list(dict.fromkeys(columns))


def load_people_table(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    records: Iterable[Record],
    model: LinkageModel,
) -> int:
    """Compute comparison columns of ``records`` into DuckDB table ``table``; return count."""
    return records_to_table(
        connection, table, (record_values(r) for r in records), people_columns(model)
    )


def count_link_pairs(
    connection: duckdb.DuckDBPyConnection,
    left: str,
    right: str,
    rules: Sequence[BlockingRule],
) -> int:
    """Number of distinct (left, right) pairs that the blocking rules let through."""
    parts = [
        f"SELECT l.{UNIQUE_ID} AS a, r.{UNIQUE_ID} AS b FROM {left} l JOIN {right} r "  # noqa: S608
        f"ON {blocking_rule_sql(rule)}"
        for rule in rules
    ]
    sql = "SELECT count(*) FROM (" + " UNION ".join(parts) + ")"  # noqa: S608
    return int(connection.execute(sql).fetchall()[0][0])


def link_pair_ids(
    connection: duckdb.DuckDBPyConnection,
    left: str,
    right: str,
    rules: Sequence[BlockingRule],
) -> set[tuple[str, str]]:
    """The (left id, right id) pairs that the blocking rules let through."""
    parts = [
        f"SELECT l.{UNIQUE_ID} AS a, r.{UNIQUE_ID} AS b FROM {left} l JOIN {right} r "  # noqa: S608
        f"ON {blocking_rule_sql(rule)}"
        for rule in rules
    ]
    rows = connection.execute(" UNION ".join(parts)).fetchall()
    return {(str(a), str(b)) for a, b in rows}


def never_compared(
    requests: Iterable[Record],
    registry: Iterable[Record],
    truth: Mapping[str, str],
    model: LinkageModel | None = None,
) -> set[tuple[str, str]]:
    """True (request, registry) pairs that no blocking rule lets through: lost before scoring."""
    model = model or load_default_people_model()
    con = duckdb.connect()
    load_people_table(con, "registry", registry, model)
    load_people_table(con, "requests", requests, model)
    blocked = link_pair_ids(con, "requests", "registry", model.blocking_rules)
    return set(truth.items()) - blocked


def link_people(
    requests: Iterable[Record],
    registry: Iterable[Record],
    model: LinkageModel | None = None,
    threshold: float = 0.01,
    report: Callable[[str], None] | None = None,
    dedupe: bool = False,
) -> list[LinkedPair]:
    """Link requests to the registry; return pairs with probability ≥ ``threshold``.

    With ``dedupe`` the registry is deduplicated against itself (``requests`` is ignored).
    ``report`` (e.g. ``print``) receives the number of comparisons before scoring starts.
    """
    return link_people_rows(
        (record_values(r) for r in requests),
        (record_values(r) for r in registry),
        model,
        threshold,
        report,
        dedupe,
    )


def link_people_rows(
    requests: Iterable[Mapping[str, Any]],
    registry: Iterable[Mapping[str, Any]],
    model: LinkageModel | None = None,
    threshold: float = 0.01,
    report: Callable[[str], None] | None = None,
    dedupe: bool = False,
    fit_prior: bool = False,
) -> list[LinkedPair]:
    """:func:`link_people` on records' comparison columns (``record_values``) computed once.

    With ``fit_prior`` (linking only) the model's prior is first estimated by EM over the
    very pairs being scored (``estimate_share_matched``) and set on ``model``; the result is
    what linking with the updated model gives, without scoring the pairs twice.
    """
    model = model or load_default_people_model()
    con = duckdb.connect()
    columns = people_columns(model)
    registry_count = records_to_table(con, "registry", registry, columns)
    if dedupe:
        return _dedupe(con, model, registry_count, threshold, report)
    request_count = records_to_table(con, "requests", requests, columns)
    pairs = count_link_pairs(con, "requests", "registry", model.blocking_rules)
    if report:
        report(f"blocking lets through {pairs:,} comparisons")
    settings = splink_settings(model, registry_count, link_type="link_only")
    linker = make_linker(con, ["requests", "registry"], settings, frequency_tables=["registry"])
    floor = min(threshold, CANDIDATE_FLOOR)
    predictions = linker.inference.predict(
        threshold_match_probability=PRIOR_PAIR_FLOOR if fit_prior else floor,
        warning_mode="never",
    )
    # Splink orders the two sides by its own rule; put the request on the left.
    rows = con.execute(
        "SELECT CASE WHEN source_dataset_l = 'requests' THEN unique_id_l ELSE unique_id_r END, "  # noqa: S608
        "CASE WHEN source_dataset_l = 'requests' THEN unique_id_r ELSE unique_id_l END, "
        f"match_weight, match_probability FROM {predictions.physical_name}"
    ).fetchall()
    if fit_prior:
        rows = _with_fitted_prior(rows, model, registry_count, request_count, floor)
    return _one_person_per_request(rows, model, threshold)


def _with_fitted_prior(
    rows: list[tuple[Any, ...]],
    model: LinkageModel,
    registry_count: int,
    request_count: int,
    floor: float,
) -> list[tuple[Any, ...]]:
    """Set the model's prior by EM over the scored pairs; the rows re-weighted with it.

    A pair's weight is its prior weight plus its Bayes factor's, so changing the prior moves
    every weight by the same amount; pairs then below ``floor`` are dropped, as Splink drops
    them when it scores with the new prior.
    """
    base = model.prior_weight(registry_count)
    sums: dict[str, float] = defaultdict(float)
    for request, _registered, weight, _probability in rows:
        sums[str(request)] += 2.0 ** (float(weight) - base)
    per_pair = 1.0 / max(registry_count - 1, MIN_POPULATION)
    model.matches_per_record = estimate_share_matched(
        list(sums.values()), request_count, per_pair, model.matches_per_record
    )
    shift = model.prior_weight(registry_count) - base
    moved = [(a, b, float(w) + shift) for a, b, w, _p in rows]
    return [(a, b, w, p) for a, b, w in moved if (p := 1.0 / (1.0 + 2.0**-w)) >= floor]


def _one_person_per_request(
    rows: list[tuple[Any, ...]], model: LinkageModel, threshold: float
) -> list[LinkedPair]:
    by_request: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for request, registered, weight, probability in rows:
        by_request[str(request)].append((str(registered), float(weight), float(probability)))
    out: list[LinkedPair] = []
    for request, candidates in by_request.items():
        weights = [weight for _, weight, _ in candidates]
        exclusive = exclusive_probabilities(
            weights, model.matches_per_record, model.calibration_bits
        )
        for (registered, weight, pairwise), probability in zip(candidates, exclusive, strict=True):
            if probability >= threshold:
                out.append(LinkedPair(request, registered, weight, probability, pairwise))
    return out


def _dedupe(
    con: duckdb.DuckDBPyConnection,
    model: LinkageModel,
    count: int,
    threshold: float,
    report: Callable[[str], None] | None,
) -> list[LinkedPair]:
    if report:
        pairs = block_pairs(con, "registry", model.blocking_rules, out="dedupe_pairs_count")
        report(f"blocking lets through {pairs:,} comparisons")
    linker = make_linker(con, ["registry"], splink_settings(model, count))
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    table = predictions.physical_name
    sql = f"SELECT unique_id_l, unique_id_r, match_weight, match_probability FROM {table}"  # noqa: S608
    rows = con.execute(sql).fetchall()
    return [LinkedPair(str(a), str(b), float(w), float(p), float(p)) for a, b, w, p in rows]


def dedupe_people_weights(
    records: Sequence[Record], model: LinkageModel
) -> dict[tuple[str, str], float]:
    """Match weight of every blocked pair within one table (for checking the online path)."""
    con = duckdb.connect()
    count = load_people_table(con, "people", records, model)
    linker = make_linker(con, ["people"], splink_settings(model, count))
    predictions = linker.inference.predict(warning_mode="never")
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_weight FROM {predictions.physical_name}"  # noqa: S608
    ).fetchall()
    return {(str(a), str(b)): float(w) for a, b, w in rows}
