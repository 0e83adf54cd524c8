"""Spark backend: the same model, comparisons and weights, run by Splink on Spark.

For registries too large for one machine. Needs the ``spark`` extra (``pyspark``) and Java.
The conditions are rendered in Spark SQL (``comparisons.SPARK``); Splink registers its
Jaro-Winkler UDF on the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peyvand.linkage.internals.batch import (
    UNIQUE_ID,
    _arrow_type,
    splink_settings,
    term_frequency_columns,
    term_frequency_sql,
)
from peyvand.linkage.internals.comparisons import SPARK
from peyvand.linkage.internals.model import LinkageModel
from peyvand.linkage.internals.people import Record, record_values
from peyvand.linkage.internals.people_batch import people_columns


def _spark_frame(spark: Any, records: Sequence[Record], model: LinkageModel) -> Any:
    from pyspark.sql import types as T

    columns = people_columns(model)
    spark_types = {"int64": T.LongType(), "list<item: string>": T.ArrayType(T.StringType())}
    schema = T.StructType(
        [
            T.StructField(c, spark_types.get(str(_arrow_type(c)), T.StringType()), True)
            for c in columns
        ]
    )
    rows = [tuple(record_values(r).get(c) for c in columns) for r in records]
    return spark.createDataFrame(rows, schema)


def spark_dedupe_weights(
    records: Sequence[Record], model: LinkageModel, spark: Any
) -> dict[tuple[str, str], float]:
    """Match weight of every blocked pair within ``records``, computed by Splink on Spark."""
    from splink import Linker, SparkAPI

    db_api = SparkAPI(spark_session=spark)
    frame = db_api.register(_spark_frame(spark, records, model), table_name="people_spark")
    settings = splink_settings(model, len(records), dialect=SPARK)
    linker = Linker(frame, settings, log_level=None, validate_settings=False)
    spark_frame = frame.as_spark_dataframe()
    spark_frame.createOrReplaceTempView("people_for_tf")
    for column in term_frequency_columns(settings):
        lookup = spark.sql(term_frequency_sql(column, ["people_for_tf"]))
        registered = db_api.register(lookup, table_name=f"tf_{column}_spark")
        linker.table_management.register_term_frequency_lookup(registered, column)
    predictions = linker.inference.predict(warning_mode="never")
    rows = (
        predictions.as_spark_dataframe()
        .select(f"{UNIQUE_ID}_l", f"{UNIQUE_ID}_r", "match_weight")
        .collect()
    )
    return {(str(a), str(b)): float(w) for a, b, w in rows}
