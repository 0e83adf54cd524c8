"""Mandatory blocking: which pairs get scored at all.

A pair is scored when one of the model's equi-join rules holds, or when the two names share a
*distinctive word* (a word sound key that is rare in the data being linked, so "Mohammad" does
not pair everyone with everyone). The blocked pairs are handed to Splink to score, and their
count is known before any scoring starts.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from peyvand.linkage.internals.batch import UNIQUE_ID
from peyvand.linkage.internals.comparisons import BlockingRule, blocking_rule_sql

MAX_WORD_FREQUENCY = 60
"""A word shared by more records than this is too common to open a block on its own."""


def _rule_pairs_sql(table: str, rule: BlockingRule, index: int) -> str:
    return (
        f"SELECT '{index}' AS match_key, l.{UNIQUE_ID} AS join_key_l, "  # noqa: S608 - internal names
        f"r.{UNIQUE_ID} AS join_key_r FROM {table} l JOIN {table} r "
        f"ON ({blocking_rule_sql(rule)}) AND l.{UNIQUE_ID} < r.{UNIQUE_ID}"
    )


def _shared_word_pairs_sql(table: str, word_column: str, index: int) -> str:
    return f"""
    SELECT '{index}' AS match_key, a.{UNIQUE_ID} AS join_key_l, b.{UNIQUE_ID} AS join_key_r
    FROM (
        SELECT {UNIQUE_ID}, word FROM (
            SELECT {UNIQUE_ID}, unnest(list_distinct({word_column})) AS word FROM {table}
        ) WHERE length(word) >= 3
        QUALIFY count(*) OVER (PARTITION BY word) <= {MAX_WORD_FREQUENCY}
    ) a JOIN (
        SELECT {UNIQUE_ID}, unnest(list_distinct({word_column})) AS word FROM {table}
    ) b ON a.word = b.word AND a.{UNIQUE_ID} < b.{UNIQUE_ID}
    """  # noqa: S608 - table and column names are internal identifiers


def block_pairs(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    rules: Sequence[BlockingRule],
    word_column: str | None = None,
    out: str = "blocked_pairs",
) -> int:
    """Create table ``out`` of distinct candidate pairs in Splink's layout; return its size."""
    parts = [_rule_pairs_sql(table, rule, i) for i, rule in enumerate(rules)]
    if word_column:
        parts.append(_shared_word_pairs_sql(table, word_column, len(rules)))
    union = "\nUNION ALL\n".join(parts)
    connection.execute(
        f"CREATE OR REPLACE TABLE {out} AS "  # noqa: S608
        f"SELECT min(match_key) AS match_key, join_key_l, join_key_r FROM ({union}) "
        "GROUP BY join_key_l, join_key_r"
    )
    row = connection.execute(f"SELECT count(*) FROM {out}").fetchall()[0]  # noqa: S608
    return int(row[0]) if row else 0


def fill_sparse_records(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    minimum: int,
    key_sql: str,
    similarity_sql: str,
    out: str = "blocked_pairs",
    match_key: int = 99,
    degree_below: int | None = None,
) -> int:
    """Give every record with fewer than ``minimum`` candidates its most similar others.

    Records are paired with up to ``minimum`` others that share the coarse key ``key_sql``
    (an expression over ``t.``), most similar first by ``similarity_sql`` (over ``a.``/``b.``),
    so that every record gets candidates however unusual its name. ``degree_below`` (default
    ``minimum``) sets which records count as sparse. Returns pairs added.
    """
    degree_below = minimum if degree_below is None else degree_below
    before = connection.execute(f"SELECT count(*) FROM {out}").fetchall()[0][0]  # noqa: S608
    connection.execute(
        f"""
        INSERT INTO {out}
        WITH degree AS (
            SELECT id, count(*) AS n FROM (
                SELECT join_key_l AS id FROM {out} UNION ALL SELECT join_key_r FROM {out}
            ) GROUP BY id
        ),
        sparse AS (
            SELECT t.* FROM {table} t LEFT JOIN degree d ON d.id = t.{UNIQUE_ID}
            WHERE coalesce(d.n, 0) < {int(degree_below)}
        ),
        keyed AS (SELECT t.*, {key_sql} AS fill_key FROM {table} t),
        ranked AS (
            SELECT a.{UNIQUE_ID} AS x, b.{UNIQUE_ID} AS y, row_number() OVER (
                PARTITION BY a.{UNIQUE_ID} ORDER BY {similarity_sql} DESC, b.{UNIQUE_ID}
            ) AS rank
            FROM (SELECT s.*, k.fill_key FROM sparse s JOIN keyed k USING ({UNIQUE_ID})) a
            JOIN keyed b ON a.fill_key = b.fill_key AND a.{UNIQUE_ID} <> b.{UNIQUE_ID}
        )
        SELECT '{int(match_key)}', least(x, y), greatest(x, y) FROM ranked r
        WHERE rank <= {int(minimum)} AND NOT EXISTS (
            SELECT 1 FROM {out} p WHERE p.join_key_l = least(x, y) AND p.join_key_r = greatest(x, y)
        )
        GROUP BY least(x, y), greatest(x, y)
        """  # noqa: S608 - table and column names are internal identifiers
    )
    after = connection.execute(f"SELECT count(*) FROM {out}").fetchall()[0][0]  # noqa: S608
    return int(after) - int(before)
