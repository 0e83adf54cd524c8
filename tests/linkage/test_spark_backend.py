"""The Spark backend runs the same model and gives the same weights as DuckDB (slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from peyvand.linkage.internals.people_batch import dedupe_people_weights, load_default_people_model
from peyvand.linkage.internals.synthetic import PeopleGenerator, make_task


@pytest.mark.slow
def test_spark_and_duckdb_weights_agree(
    tmp_path: Path, small_pools: tuple[list[list[str]], list[list[str]], list[list[str]]]
) -> None:
    # Needs the spark extra (`make test-slow` installs it); a missing pyspark fails, never skips.
    import pyspark.sql as pyspark_sql
    from splink.backends.spark import similarity_jar_location

    from peyvand.linkage.internals.spark_backend import spark_dedupe_weights

    task = make_task(PeopleGenerator(*small_pools, seed=5), 150, 60)
    records = [*task.registry, *task.requests]
    model = load_default_people_model()
    spark = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("peyvand-linkage-test")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    try:
        on_spark = spark_dedupe_weights(records, model, spark)
    finally:
        spark.stop()
    on_duckdb = dedupe_people_weights(records, model)
    assert on_spark.keys() == on_duckdb.keys()
    for pair, weight in on_duckdb.items():
        assert on_spark[pair] == pytest.approx(weight, abs=1e-6), pair
