"""Batch path: Splink on DuckDB runs a :class:`LinkageModel` over whole tables.

The model's comparisons become Splink comparison dicts (same SQL conditions as
``comparisons.condition_sql``), its blocking rules become Splink blocking rules, and its m/u
become Splink's parameters, so Splink's weights are the model's weights.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from peyvand.linkage.internals.comparisons import (
    DUCKDB,
    Comparison,
    SqlDialect,
    blocking_rule_sql,
    level_sql,
)
from peyvand.linkage.internals.model import MIN_POPULATION, LinkageModel

logging.getLogger("splink").setLevel(logging.WARNING)

UNIQUE_ID = "unique_id"


INTEGER_COLUMNS = frozenset(
    {
        "name_words",
        "birth_year",
        "birth_year_g",
        "birth_year_g_next",
        "birth_month",
        "birth_day",
        "birth_known_to",
        "national_id_valid",
    }
)
LIST_COLUMNS = frozenset(
    {
        "word_sounds",
        "words_in_order",
        "word_skeletons",
        "other_given_sounds",
        "known_given_sounds",
    }
)
BATCH_ROWS = 50_000
"""Rows are loaded into DuckDB in batches of this size, so huge inputs stream."""


def _arrow_type(column: str) -> pa.DataType:
    if column in INTEGER_COLUMNS:
        return pa.int64()
    if column in LIST_COLUMNS:
        return pa.list_(pa.string())
    return pa.string()


def records_to_table(
    connection: duckdb.DuckDBPyConnection,
    table_name: str,
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
) -> int:
    """Create DuckDB table ``table_name`` holding ``columns`` of ``rows``; return row count.

    Rows are consumed as a stream and inserted in batches of ``BATCH_ROWS``.
    """
    schema = pa.schema([(c, _arrow_type(c)) for c in columns])
    connection.execute(f"DROP TABLE IF EXISTS {table_name}")
    total = 0
    batch: dict[str, list[Any]] = {c: [] for c in columns}
    for row in rows:
        for c in columns:
            batch[c].append(row.get(c))
        if len(batch[columns[0]]) >= BATCH_ROWS:
            total += _insert_batch(connection, table_name, schema, batch, created=total > 0)
            batch = {c: [] for c in columns}
    total += _insert_batch(connection, table_name, schema, batch, created=total > 0)
    return total


def _insert_batch(
    connection: duckdb.DuckDBPyConnection,
    table_name: str,
    schema: pa.Schema,
    batch: dict[str, list[Any]],
    created: bool,
) -> int:
    arrow = pa.table(batch, schema=schema)
    connection.register(f"{table_name}_arrow", arrow)
    if created:
        connection.execute(f"INSERT INTO {table_name} SELECT * FROM {table_name}_arrow")  # noqa: S608
    else:
        connection.execute(f"CREATE TABLE {table_name} AS SELECT * FROM {table_name}_arrow")  # noqa: S608
    connection.unregister(f"{table_name}_arrow")
    return int(arrow.num_rows)


def _splink_level(
    level_index: int, comparison: Comparison, fix_m: bool, dialect: SqlDialect
) -> dict[str, Any]:
    level = comparison.levels[level_index]
    out: dict[str, Any] = {
        "sql_condition": level_sql(level, dialect),
        "label_for_charts": level.label,
    }
    if level.is_null:
        out["is_null_level"] = True
        return out
    if level.m_probability is not None:
        out["m_probability"] = level.m_probability
        out["fix_m_probability"] = fix_m
    if level.u_probability is not None:
        out["u_probability"] = level.u_probability
    if level.tf_column:
        out["tf_adjustment_column"] = level.tf_column
        out["tf_adjustment_weight"] = 1.0
    return out


def splink_comparison(
    comparison: Comparison, fix_m: bool = False, dialect: SqlDialect = DUCKDB
) -> dict[str, Any]:
    """Splink comparison dict for one of our comparisons (``fix_m``: EM leaves m alone)."""
    levels = [_splink_level(i, comparison, fix_m, dialect) for i in range(len(comparison.levels))]
    return {
        "output_column_name": comparison.name,
        "comparison_description": comparison.title,
        "comparison_levels": levels,
    }


def splink_settings(
    model: LinkageModel,
    record_count: int,
    link_type: str = "dedupe_only",
    extra_columns: Sequence[str] = (),
    fixed_m: Collection[str] = (),
    dialect: SqlDialect = DUCKDB,
) -> dict[str, Any]:
    """Splink settings dict equivalent to ``model`` for a data set of ``record_count`` rows.

    Comparisons named in ``fixed_m`` keep their m probabilities through EM training.
    """
    return {
        "link_type": link_type,
        "unique_id_column_name": UNIQUE_ID,
        "probability_two_random_records_match": model.prior_probability(record_count),
        "comparisons": [
            splink_comparison(c, c.name in fixed_m, dialect) for c in model.comparisons
        ],
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": blocking_rule_sql(rule), "sql_dialect": dialect.name}
            for rule in model.blocking_rules
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": list(extra_columns),
    }


def duckdb_api(connection: duckdb.DuckDBPyConnection) -> Any:
    """Splink's database API over ``connection``: one per linker, and every table the linker
    reads (blocked pairs too) registered through it (``DuckDBAPI.register``, Splink's public
    way; the tables of one linker must share one API)."""
    from splink import DuckDBAPI

    connection.execute("SET enable_progress_bar = false")
    return DuckDBAPI(connection)


def register_table(db_api: Any, name: str) -> Any:
    """A DuckDB table as a Splink dataframe of ``db_api``."""
    return db_api.register(name, dataset_display_name=name, table_name=f"{name}_splink")


def make_linker(
    connection: duckdb.DuckDBPyConnection,
    table_names: Sequence[str],
    settings: dict[str, Any],
    frequency_tables: Sequence[str] | None = None,
    db_api: Any = None,
) -> Any:
    """A Splink Linker over already created DuckDB tables.

    Term frequencies are counted in ``frequency_tables`` (default: all the tables). Linking
    requests to a registry counts them in the registry alone, as the online index does: how
    common a name is means how many registered people carry it, not counting the request.
    """
    from splink import Linker

    db_api = db_api or duckdb_api(connection)
    frames = [register_table(db_api, name) for name in table_names]
    linker = Linker(
        frames if len(frames) > 1 else frames[0],
        settings,
        log_level=None,
        validate_settings=False,
    )
    for column in term_frequency_columns(settings):
        table = f"tf_{column}"
        connection.execute(
            f"CREATE OR REPLACE TABLE {table} AS "
            f"{term_frequency_sql(column, frequency_tables or table_names)}"
        )
        lookup = register_table(db_api, table)
        linker.table_management.register_term_frequency_lookup(lookup, column)
    return linker


def term_frequency_columns(settings: dict[str, Any]) -> list[str]:
    """Columns whose values adjust a level by how common they are."""
    columns = {
        level["tf_adjustment_column"]
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }
    return sorted(columns)


def term_frequency_sql(column: str, table_names: Sequence[str]) -> str:
    """SQL for a value's share among the non-missing values of ``column`` in the tables.

    Shares are taken of at least ``MIN_POPULATION`` values, as the prior is: in a file of
    ten people one shared name is not "common" (the online path uses the same rule).
    """
    selects = [f"SELECT {column} AS v FROM {t}" for t in table_names]  # noqa: S608
    share = f"count(*) / greatest(sum(count(*)) OVER (), {MIN_POPULATION})"
    union = " UNION ALL ".join(selects)
    where = "WHERE v IS NOT NULL GROUP BY v"
    return f"SELECT v AS {column}, {share} AS tf_{column} FROM ({union}) {where}"  # noqa: S608


def trained_levels(linker: Any, model: LinkageModel) -> None:
    """Copy Splink's trained m/u back into ``model``'s comparisons (in place)."""
    settings = linker.misc.save_model_to_json()
    by_name = {c["output_column_name"]: c for c in settings["comparisons"]}
    for comparison in model.comparisons:
        splink_levels = by_name[comparison.name]["comparison_levels"]
        for level, trained in zip(comparison.levels, splink_levels, strict=True):
            if level.is_null:
                continue
            level.m_probability = trained.get("m_probability", level.m_probability)
            level.u_probability = trained.get("u_probability", level.u_probability)
