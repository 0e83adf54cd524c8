"""Mandatory blocking: which pairs get scored at all.

A pair is scored when one of the model's equi-join rules holds, or when the two names share a
*distinctive word* (a word sound key that is rare in the data being linked, so "Mohammad" does
not pair everyone with everyone). The blocked pairs are handed to Splink to score, and their
count is known before any scoring starts.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from peyvand.linkage.batch import UNIQUE_ID
from peyvand.linkage.comparisons import BlockingRule, blocking_rule_sql

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
