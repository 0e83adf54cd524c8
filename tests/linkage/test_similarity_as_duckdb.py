"""The online path's string similarity gives DuckDB's values, so both paths choose one level."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import duckdb
import pytest

from peyvand.linkage.internals.similarity import jaro_winkler_similarity, levenshtein_distance


def _name_pairs(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        names = sorted({row["name"] for row in csv.DictReader(handle)})
    rng = random.Random(11)
    pairs = [(rng.choice(names), rng.choice(names)) for _ in range(6000)]
    # Near spellings (one letter dropped, two swapped), equal strings and empty strings too.
    for left, _ in pairs[:2000]:
        pairs.append((left, left[:-1]))
        pairs.append((left, left[1] + left[0] + left[2:] if len(left) > 2 else left))
    pairs += [(left, left) for left, _ in pairs[:200]] + [("", "x"), ("x", ""), ("", "")]
    return pairs


@pytest.fixture(scope="module")
def duckdb_values(fullnames_csv: Path) -> list[tuple[str, str, float, int]]:
    con = duckdb.connect()
    con.execute("CREATE TABLE pairs (a VARCHAR, b VARCHAR)")
    con.executemany("INSERT INTO pairs VALUES (?, ?)", _name_pairs(fullnames_csv))
    rows = con.execute(
        "SELECT a, b, jaro_winkler_similarity(a, b), levenshtein(a, b) FROM pairs"
    ).fetchall()
    return [(str(a), str(b), float(jw), int(lev)) for a, b, jw, lev in rows]


def test_jaro_winkler_equals_duckdb_on_real_names(
    duckdb_values: list[tuple[str, str, float, int]],
) -> None:
    differing = [
        (a, b, jw)
        for a, b, jw, _ in duckdb_values
        if abs(jaro_winkler_similarity(a, b) - jw) > 1e-12
    ]
    assert len(duckdb_values) > 10_000
    assert differing == []


def test_levenshtein_equals_duckdb_on_real_names(
    duckdb_values: list[tuple[str, str, float, int]],
) -> None:
    differing = [(a, b, lev) for a, b, _, lev in duckdb_values if levenshtein_distance(a, b) != lev]
    assert differing == []
