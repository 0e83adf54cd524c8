"""Candidate pairs for a whole re-link: Splink on DuckDB over streams of comparison columns.

The web app's re-link hands over two streams of comparison columns (the open requests and the
registry, read in chunks from its database), and gets back, for each request, its best few
registry records by Splink's match weight. Scoring them for the caseworker (probabilities and
explanations) is left to the caller, with the same arithmetic as the online path.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import duckdb

from peyvand.linkage.internals.batch import make_linker, records_to_table, splink_settings
from peyvand.linkage.internals.model import LinkageModel
from peyvand.linkage.internals.people_batch import CANDIDATE_FLOOR, count_link_pairs, people_columns


def best_pairs(
    requests: Iterable[Mapping[str, Any]],
    registry: Iterable[Mapping[str, Any]],
    model: LinkageModel,
    per_request: int,
    report: Callable[[str], None] | None = None,
) -> dict[str, list[str]]:
    """For each request id, the ids of its ``per_request`` best registry records, best first.

    Rows are comparison columns with ``unique_id``; both streams are read once, in order.
    """
    con = duckdb.connect()
    columns = people_columns(model)
    registry_count = records_to_table(con, "registry", registry, columns)
    request_count = records_to_table(con, "requests", requests, columns)
    if report:
        pairs = count_link_pairs(con, "requests", "registry", model.blocking_rules)
        report(
            f"{request_count:,} requests, {registry_count:,} registered: blocking lets through "
            f"{pairs:,} comparisons"
        )
    if not registry_count or not request_count:
        return {}
    settings = splink_settings(model, registry_count, link_type="link_only")
    linker = make_linker(con, ["requests", "registry"], settings, frequency_tables=["registry"])
    predictions = linker.inference.predict(
        threshold_match_probability=CANDIDATE_FLOOR, warning_mode="never"
    )
    # Splink orders the two sides by its own rule; put the request first, keep the best few.
    rows = con.execute(
        "SELECT request, registered FROM ("  # noqa: S608 (a table Splink named; a number)
        " SELECT CASE WHEN source_dataset_l = 'requests' THEN unique_id_l ELSE unique_id_r END"
        " AS request,"
        " CASE WHEN source_dataset_l = 'requests' THEN unique_id_r ELSE unique_id_l END"
        " AS registered, match_weight,"
        " row_number() OVER (PARTITION BY request ORDER BY match_weight DESC) AS rank"
        f" FROM {predictions.physical_name}) WHERE rank <= {int(per_request)}"
        " ORDER BY request, rank"
    ).fetchall()
    out: dict[str, list[str]] = defaultdict(list)
    for request, registered in rows:
        out[str(request)].append(str(registered))
    return dict(out)
