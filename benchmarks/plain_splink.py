"""The comparison job for the people benchmark: a plain Splink model on romanised names.

What a team would build without Peyvand: romanise Persian with ``unidecode``, then use
Splink's stock comparisons (Jaro-Winkler on first and last name, exact birth year, sex,
birthplace, national ID), trained the same way (u by random sampling, m by EM).
"""

from __future__ import annotations

import time
from typing import Any

import duckdb
import pyarrow as pa
from unidecode import unidecode

from peyvand.linkage.internals.people import Record
from peyvand.linkage.internals.synthetic import LinkageTask


def _row(record: Record) -> dict[str, Any]:
    words = unidecode(record.names[0]).lower().replace("-", " ").split()
    return {
        "unique_id": record.record_id,
        "first_name": words[0] if words else None,
        "surname": words[-1] if len(words) > 1 else None,
        "birth_year": record.birth_year,
        "birthplace": unidecode(record.birthplace).lower() if record.birthplace else None,
        "father": unidecode(record.father_name).lower() if record.father_name else None,
        "sex": record.sex,
        "national_id": record.national_id,
    }


def _table(con: duckdb.DuckDBPyConnection, name: str, records: list[Record]) -> None:
    rows = [_row(r) for r in records]
    arrow = pa.table({k: [r[k] for r in rows] for k in rows[0]})
    con.register(f"{name}_arrow", arrow)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")  # noqa: S608 - table names are the benchmark's constants


def plain_splink_f1(task: LinkageTask) -> tuple[float, float]:
    """Train and run the plain model on the task; return (F1 at 0.5, seconds)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    con = duckdb.connect()
    _table(con, "requests", task.requests)
    _table(con, "registry", task.registry)
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.95, 0.88]),
            cl.JaroWinklerAtThresholds("surname", [0.95, 0.88]),
            cl.JaroWinklerAtThresholds("father", [0.95, 0.88]),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("birthplace"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("national_id"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "birth_year"),
            block_on("national_id"),
        ],
        probability_two_random_records_match=0.5 / len(task.registry),
    )
    db_api = DuckDBAPI(con)
    frames = [
        db_api.register("requests", dataset_display_name="requests"),
        db_api.register("registry", dataset_display_name="registry"),
    ]
    linker = Linker(frames, settings, log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("national_id"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    pairs = con.execute(
        "SELECT CASE WHEN source_dataset_l = 'requests' THEN unique_id_l ELSE unique_id_r END, "  # noqa: S608 - Splink's own table name
        "CASE WHEN source_dataset_l = 'requests' THEN unique_id_r ELSE unique_id_l END "
        f"FROM {predictions.physical_name}"
    ).fetchall()
    seconds = time.perf_counter() - start
    predicted = {(str(a), str(b)) for a, b in pairs}
    true_pairs = set(task.truth.items())
    hits = len(predicted & true_pairs)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(true_pairs) if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, seconds


SAME_SCRIPT_BLOCKS = (
    ("first_name", "surname"),
    ("surname", "dob"),
    ("first_name", "dob"),
    ("national_id",),
    ("surname", "birthplace"),
    ("dob", "birthplace"),
)
"""What a Splink user would block on with these fields: two of name, date and place, or the ID."""


def _load_same_script(con: duckdb.DuckDBPyConnection, name: str, path: str) -> None:
    """A CSV of ``record_id,name,birth_date,birthplace,national_id`` as Splink's columns."""
    con.execute(
        f"CREATE TABLE {name} AS SELECT record_id AS unique_id, "  # noqa: S608 - the benchmark's own table names and file paths
        "nullif(lower(split_part(name, ' ', 1)), '') AS first_name, "
        "CASE WHEN strpos(name, ' ') > 0 THEN lower(regexp_extract(name, '(\\S+)$', 1)) END "
        "AS surname, nullif(birth_date, '') AS dob, nullif(lower(birthplace), '') AS birthplace, "
        f"nullif(national_id, '') AS national_id FROM read_csv('{path}', all_varchar = true)"
    )


def plain_splink_csv(a_csv: str, b_csv: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Link two same-script CSV files with a plain Splink model trained on them.

    Stock comparisons on the same fields Peyvand is given (Jaro-Winkler name levels, date of
    birth levels, Levenshtein on the place, Damerau-Levenshtein on the ID); the prior from
    deterministic rules, u by random sampling, m by EM on three blocks, as Splink's tutorials
    train. Returns the (A id, B id) pairs at probability ≥ 0.5 and the pairs its blocking
    rules let through.
    """
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    con = duckdb.connect()
    _load_same_script(con, "file_a", a_csv)
    _load_same_script(con, "file_b", b_csv)
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.LevenshteinAtThresholds("birthplace", [1, 2]),
            cl.DamerauLevenshteinAtThresholds("national_id", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=[block_on(*b) for b in SAME_SCRIPT_BLOCKS],
    )
    db_api = DuckDBAPI(con)
    frames = [
        db_api.register("file_a", dataset_display_name="file_a"),
        db_api.register("file_b", dataset_display_name="file_b"),
    ]
    linker = Linker(frames, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("national_id"), block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for block in (("national_id",), ("first_name", "surname"), ("dob",)):
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*block))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    pairs = con.execute(
        "SELECT CASE WHEN source_dataset_l = 'file_a' THEN unique_id_l ELSE unique_id_r END, "  # noqa: S608 - Splink's own table name
        "CASE WHEN source_dataset_l = 'file_a' THEN unique_id_r ELSE unique_id_l END "
        f"FROM {predictions.physical_name}"
    ).fetchall()
    blocked = con.execute(
        " UNION ".join(
            "SELECT l.unique_id, r.unique_id FROM file_a l JOIN file_b r ON "  # noqa: S608 - fixed column names
            + " AND ".join(f"l.{c} = r.{c}" for c in block)
            for block in SAME_SCRIPT_BLOCKS
        )
    ).fetchall()
    return {(str(a), str(b)) for a, b in pairs}, {(str(a), str(b)) for a, b in blocked}


if __name__ == "__main__":
    import json
    import sys

    found, compared = plain_splink_csv(sys.argv[1], sys.argv[2])
    print(json.dumps({"pairs": sorted(found), "compared": sorted(compared)}))
