"""The batch re-link gives the same candidates on Spark as on DuckDB (slow: needs the extra)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from peyvand.accounts.services import create_agency
from peyvand.matching.models import CandidatePair
from peyvand.matching.relink import run_relink
from peyvand.matching.relink_services import open_cli_run
from peyvand.people.services import NameInput, PersonInput, clean_person
from peyvand.tracing.queue import matching_deferred
from peyvand.tracing.services import register_persons, submit_tracing_request

GIVEN = ["محمد", "Mohammad", "علی", "Ali", "رضا", "Reza", "مریم", "Maryam"]
FAMILY = ["رضایی", "Rezaei", "احمدی", "Ahmadi", "کریمی", "Karimi"]


def person(rng: random.Random) -> PersonInput:
    return PersonInput(
        names=[NameInput(full=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}")],
        birth_date_text=rng.choice(["1340", "1961", "1962"]),
        birthplace=rng.choice(["Tehran", "تهران"]),
        father_given_name=rng.choice(["Hassan", "حسن", "Javad"]),
    )


def pairs() -> dict[tuple[int, int], float]:
    rows = CandidatePair.objects.values_list(
        "tracing_request_id", "registration_id", "match_probability"
    )
    return {(request, registration): p for request, registration, p in rows}


@pytest.mark.slow
@pytest.mark.django_db
def test_spark_and_duckdb_relinks_propose_the_same_pairs(tmp_path: Path) -> None:
    # Needs the spark extra (`make test-slow` installs it); a missing pyspark fails, never skips.
    import pyspark.sql as pyspark_sql
    from splink.backends.spark import similarity_jar_location

    rng = random.Random(4)
    agency = create_agency(None, name="Agency A", code="agency-a", country="AL")
    with matching_deferred():
        register_persons(
            None, agency, [(clean_person(person(rng)), "in_person") for _ in range(60)]
        )
        for _ in range(12):
            submit_tracing_request(
                None,
                agency,
                seeker=PersonInput(names=[NameInput(full="مادر")], sex="f"),
                sought=person(rng),
                relationship="child",
            )
    run_relink(open_cli_run().pk)
    on_duckdb = pairs()
    assert len(on_duckdb) > 10
    CandidatePair.objects.all().delete()
    spark = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("peyvand-relink-test")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    try:
        run_relink(open_cli_run().pk, spark=spark)
    finally:
        spark.stop()
    on_spark = pairs()
    assert on_spark.keys() == on_duckdb.keys()
    for pair, probability in on_duckdb.items():
        assert on_spark[pair] == pytest.approx(probability, abs=1e-9)
