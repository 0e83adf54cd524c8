"""``best_pairs`` on Spark: the batch re-link's candidate search for registries too large for
one machine's DuckDB. Same model, blocking rules and weights (``comparisons.SPARK`` renders the
conditions); needs the ``spark`` extra and a session whose ``spark.jars`` holds
``splink.backends.spark.similarity_jar_location()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from peyvand.linkage.internals.batch import (
    _arrow_type,
    splink_settings,
    term_frequency_columns,
    term_frequency_sql,
)
from peyvand.linkage.internals.comparisons import SPARK
from peyvand.linkage.internals.model import LinkageModel
from peyvand.linkage.internals.people_batch import CANDIDATE_FLOOR, people_columns


def _frame(spark: Any, rows: Iterable[Mapping[str, Any]], model: LinkageModel) -> Any:
    from pyspark.sql import types as T

    columns = people_columns(model)
    spark_types = {"int64": T.LongType(), "list<item: string>": T.ArrayType(T.StringType())}
    schema = T.StructType(
        [
            T.StructField(c, spark_types.get(str(_arrow_type(c)), T.StringType()), True)
            for c in columns
        ]
    )
    return spark.createDataFrame([tuple(row.get(c) for c in columns) for row in rows], schema)


def spark_best_pairs(
    requests: Iterable[Mapping[str, Any]],
    registry: Iterable[Mapping[str, Any]],
    model: LinkageModel,
    per_request: int,
    spark: Any,
) -> dict[str, list[str]]:
    """For each request id, its ``per_request`` best registry ids by Splink's weight, on Spark."""
    from splink import Linker, SparkAPI

    db_api = SparkAPI(spark_session=spark)
    registry_frame = _frame(spark, registry, model)
    registry_frame.createOrReplaceTempView("registry_for_tf")
    frames = [
        db_api.register(_frame(spark, requests, model), table_name="requests_spark"),
        db_api.register(registry_frame, table_name="registry_spark"),
    ]
    settings = splink_settings(model, registry_frame.count(), link_type="link_only", dialect=SPARK)
    linker = Linker(frames, settings, log_level=None, validate_settings=False)
    # As on DuckDB: how common a name is counts registered people, not the requests.
    for column in term_frequency_columns(settings):
        lookup = spark.sql(term_frequency_sql(column, ["registry_for_tf"]))
        registered = db_api.register(lookup, table_name=f"tf_{column}_spark")
        linker.table_management.register_term_frequency_lookup(registered, column)
    predictions = linker.inference.predict(
        threshold_match_probability=CANDIDATE_FLOOR, warning_mode="never"
    )
    predictions.as_spark_dataframe().createOrReplaceTempView("predictions_spark")
    top = (
        "SELECT request, registered FROM ("  # noqa: S608 (fixed view names and a number)
        " SELECT request, registered, row_number() OVER"
        " (PARTITION BY request ORDER BY match_weight DESC) AS rank FROM ("
        "  SELECT CASE WHEN source_dataset_l = 'requests_spark' THEN unique_id_l"
        "   ELSE unique_id_r END AS request,"
        "  CASE WHEN source_dataset_l = 'requests_spark' THEN unique_id_r"
        "   ELSE unique_id_l END AS registered, match_weight FROM predictions_spark))"
        f" WHERE rank <= {int(per_request)} ORDER BY request, rank"
    )
    rows = spark.sql(top).collect()
    out: dict[str, list[str]] = defaultdict(list)
    for request, registered in rows:
        out[str(request)].append(str(registered))
    return dict(out)
