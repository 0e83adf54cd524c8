"""Name-level linkage: score every plausible pair of written names, in any mix of scripts.

``score_names`` is the engine (blocking + Splink prediction on DuckDB); ``link_names`` is the
contract behind ``peyvand names link IN.csv -o OUT.csv``.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from peyvand.linkage.internals.batch import (
    UNIQUE_ID,
    duckdb_api,
    make_linker,
    records_to_table,
    register_table,
    splink_settings,
)
from peyvand.linkage.internals.blocking import block_pairs, fill_sparse_records
from peyvand.linkage.internals.comparisons import comparison_columns
from peyvand.linkage.internals.errors import LinkageInputError
from peyvand.linkage.internals.model import MIN_POPULATION, LinkageModel, load_default_model
from peyvand.linkage.internals.name_features import name_values
from peyvand.linkage.internals.name_input import iter_named_records

TOP_CANDIDATES = 10
FILL_CANDIDATES = 50
"""Records with fewer blocked candidates than this get their most similar names added.

More than the 10 shown: a spelling the blocking keys miss still has to win a place among
the ten best, and scoring 50 look-alikes finds it more often (recall@10 0.966 → 0.968 on the
dev file, 0.972 → 0.975 on its held-out half) for a few seconds more."""
NEAREST_FOR_ALL = 5
"""Every record also gets this many names with the closest loose skeleton (same first two
letters) scored: recall@10 0.9712 → 0.9724 on the dev file, up on both held-out halves, for
about 3 s."""
KEEP_PROBABILITY = 0.05
WORD_BLOCKING_COLUMN = "word_sounds"
SPELLING_SLOTS = 1
"""Of a record's 10 best candidates, this many are the closest spellings the model ranked lower.

The model's probabilities are near zero for most candidates of a name without a true match in
its blocks, and their order there says little; the whole-name sound key's closeness often finds
the partner the model missed (words joined or split differently, a letter the keys read
another way). One slot lifts
recall@10 0.968 → 0.971 on the dev file and on both held-out halves (0.9745 → 0.977,
0.9735 → 0.976); two or more slots gain nothing further."""


@dataclass(frozen=True)
class NamePair:
    """A scored pair of name records."""

    record_id_l: str
    record_id_r: str
    match_probability: float
    match_weight: float
    best_rank: int


def load_name_model() -> LinkageModel:
    """The name-only model shipped with the package (``models/names.json``)."""
    return load_default_model("names")


def name_rows(named: Iterable[tuple[str, str]]) -> Iterable[dict[str, object]]:
    """Comparison columns for each ``(record_id, name)``."""
    for record_id, name in named:
        values = name_values(name)
        if not values["name_sound"]:
            raise LinkageInputError(f"record {record_id!r}: name {name!r} has no letters")
        values[UNIQUE_ID] = record_id
        yield values


def load_name_table(
    connection: duckdb.DuckDBPyConnection,
    named: Iterable[tuple[str, str]],
    model: LinkageModel,
    table: str = "names_in",
) -> int:
    """Compute name columns and load them into DuckDB table ``table``; return row count."""
    columns = [UNIQUE_ID, "script", "name_sound", WORD_BLOCKING_COLUMN]
    columns += comparison_columns(model.comparisons)
    columns += [c for rule in model.blocking_rules for pair in rule for c in pair]
    return records_to_table(connection, table, name_rows(named), list(dict.fromkeys(columns)))


def _best_candidates_sql(predictions: str, table: str, top_n: int, keep: float) -> str:
    # Ties in probability are broken by how close the whole-name sound keys are; the last
    # SPELLING_SLOTS places go to the closest spellings among the rest.
    by_model = top_n - SPELLING_SLOTS
    return f"""
    WITH both_ways AS (
        SELECT unique_id_l AS a, unique_id_r AS b, match_probability, match_weight
        FROM {predictions}
        UNION ALL
        SELECT unique_id_r, unique_id_l, match_probability, match_weight FROM {predictions}
    ),
    spelled AS (
        SELECT w.*, jaro_winkler_similarity(ta.name_sound, tb.name_sound) AS spelling
        FROM both_ways w
        JOIN {table} ta ON ta.{UNIQUE_ID} = w.a
        JOIN {table} tb ON tb.{UNIQUE_ID} = w.b
    ),
    ranked AS (
        SELECT s.*, row_number() OVER (
            PARTITION BY a ORDER BY match_probability DESC, spelling DESC, b) AS model_rank
        FROM spelled s
    ),
    placed AS (
        SELECT r.*, CASE WHEN model_rank <= {by_model} THEN model_rank ELSE {by_model} +
            row_number() OVER (PARTITION BY a, model_rank <= {by_model}
                               ORDER BY spelling DESC, model_rank) END AS rank
        FROM ranked r
    )
    SELECT least(a, b) AS l, greatest(a, b) AS r, any_value(match_probability) AS
        match_probability, any_value(match_weight) AS match_weight, min(rank) AS best_rank
    FROM placed WHERE rank <= {top_n} OR match_probability >= {keep}
    GROUP BY l, r
    """  # noqa: S608 - table names are internal identifiers


def score_name_table(
    connection: duckdb.DuckDBPyConnection,
    model: LinkageModel,
    record_count: int,
    table: str = "names_in",
    report: Callable[[str], None] | None = None,
) -> str:
    """Run Splink prediction over ``table``; return the name of the DuckDB table of pairs.

    ``report`` (e.g. ``print``) receives the number of comparisons before scoring starts.
    """
    blocked = block_pairs(connection, table, model.blocking_rules, word_column=WORD_BLOCKING_COLUMN)
    # Every record gets its 10 best candidates: first among names starting alike, then
    # (for the few still short) among all names.
    for key_sql in ("substr(t.name_loose_skeleton, 1, 1)", "1"):
        blocked += fill_sparse_records(
            connection,
            table,
            FILL_CANDIDATES,
            key_sql=key_sql,
            similarity_sql="jaro_winkler_similarity(a.name_sound, b.name_sound)",
            match_key=len(model.blocking_rules) + 1,
        )
    # And every record, however many candidates its keys found, gets its closest loose
    # skeletons: a common given name fills a record's blocks with namesakes while the
    # partner whose family name the keys split (zh ~ ژ) shares none of them.
    blocked += fill_sparse_records(
        connection,
        table,
        NEAREST_FOR_ALL,
        key_sql="substr(t.name_loose_skeleton, 1, 2)",
        similarity_sql="jaro_winkler_similarity(a.name_loose_skeleton, b.name_loose_skeleton)",
        match_key=len(model.blocking_rules) + 2,
        degree_below=record_count + 1,
    )
    if report:
        report(f"{record_count:,} names; blocking lets through {blocked:,} comparisons")
    db_api = duckdb_api(connection)
    linker = make_linker(connection, [table], splink_settings(model, record_count), db_api=db_api)
    pairs = register_table(db_api, "blocked_pairs")
    linker.table_management.register_blocked_pairs_for_predict(pairs)
    predictions = linker.inference.predict(warning_mode="never")
    out = "name_pairs"
    sql = _best_candidates_sql(predictions.physical_name, table, TOP_CANDIDATES, KEEP_PROBABILITY)
    connection.execute(f"CREATE OR REPLACE TABLE {out} AS {sql}")
    return out


def score_names(
    named: Iterable[tuple[str, str]],
    model: LinkageModel | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> list[NamePair]:
    """Score names: every record's 10 best candidates, plus every pair with p ≥ 0.05.

    ``best_rank`` of a pair is its better rank among the two records' candidate lists.
    """
    model = model or load_name_model()
    con = connection or duckdb.connect()
    count = load_name_table(con, named, model)
    table = score_name_table(con, model, count)
    rows = con.execute(
        f"SELECT l, r, match_probability, match_weight, best_rank FROM {table}"  # noqa: S608
    ).fetchall()
    return [NamePair(str(a), str(b), float(p), float(w), int(k)) for a, b, p, w, k in rows]


def name_term_frequencies(
    values: Iterable[Mapping[str, Any]], model: LinkageModel
) -> dict[str, dict[Any, float]]:
    """Share of each value among the non-missing values of every term-frequency column.

    The same shares the batch path computes in DuckDB (at least ``MIN_POPULATION`` values), for
    scoring name pairs in Python with :func:`peyvand.linkage.internals.scoring.match_weight`.
    """
    columns = {lv.tf_column for c in model.comparisons for lv in c.levels if lv.tf_column}
    counts: dict[str, Counter[Any]] = {column: Counter() for column in columns}
    for row in values:
        for column, counter in counts.items():
            if row.get(column) is not None:
                counter[row[column]] += 1
    out: dict[str, dict[Any, float]] = {}
    for column, counter in counts.items():
        total = max(sum(counter.values()), MIN_POPULATION)
        out[column] = {value: n / total for value, n in counter.items()}
    return out


def candidate_pair_count(
    named: Iterable[tuple[str, str]], model: LinkageModel | None = None
) -> int:
    """Number of pairs blocking will let through, to report before a run."""
    model = model or load_name_model()
    con = duckdb.connect()
    load_name_table(con, named, model)
    return block_pairs(con, "names_in", model.blocking_rules, word_column=WORD_BLOCKING_COLUMN)


def link_names(
    in_csv: str | Path,
    out_csv: str | Path,
    model: LinkageModel | None = None,
    report: Callable[[str], None] | None = None,
) -> int:
    """Contract of ``peyvand names link IN.csv -o OUT.csv``; return the number of pairs written.

    IN has columns ``record_id,name`` (UTF-8, any mix of Persian and Latin script). OUT gets
    ``record_id_l,record_id_r,match_probability``: for every record its 10 best candidates
    whatever their probability, plus every pair with probability ≥ 0.05. Raises
    LinkageInputError on unusable input. ``report`` receives the comparison count first.
    """
    model = model or load_name_model()
    con = duckdb.connect()
    count = load_name_table(con, iter_named_records(in_csv), model)
    if count < 2:
        raise LinkageInputError(f"{in_csv} has {count} record(s); at least two are needed")
    table = score_name_table(con, model, count, report=report)
    written = 0
    with open(out_csv, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id_l", "record_id_r", "match_probability"])
        cursor = con.execute(f"SELECT l, r, match_probability FROM {table} ORDER BY l, r")  # noqa: S608
        while batch := cursor.fetchmany(10_000):
            writer.writerows((a, b, f"{p:.6f}") for a, b, p in batch)
            written += len(batch)
    return written
