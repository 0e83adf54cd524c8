"""Training with Splink on DuckDB: u by random sampling, m from labels or by EM.

Small data gets sensible priors: a level that no training pair reached keeps a small floor
probability instead of zero, so its weight is large but finite.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import duckdb

from peyvand.linkage.batch import (
    UNIQUE_ID,
    make_linker,
    records_to_table,
    splink_settings,
    trained_levels,
)
from peyvand.linkage.comparisons import BlockingRule, blocking_rule_sql, comparison_columns
from peyvand.linkage.model import LinkageModel

M_FLOOR = 1e-3
"""No level is impossible for a true match: typos and clerical errors happen about 1 in 1000."""
U_FLOOR = 1e-6
"""Random sampling of a million pairs cannot see rarer coincidences than this."""


def apply_floors(model: LinkageModel, m_floor: float = M_FLOOR, u_floor: float = U_FLOOR) -> None:
    """Raise m and u of every level to at least their floors and renormalise (in place)."""
    for comparison in model.comparisons:
        levels = [lv for lv in comparison.levels if not lv.is_null]
        for attr, floor in (("m_probability", m_floor), ("u_probability", u_floor)):
            values = [max(getattr(lv, attr) or 0.0, floor) for lv in levels]
            total = sum(values)
            for lv, value in zip(levels, values, strict=True):
                setattr(lv, attr, value / total)


def labelled_pair_count(labels: Iterable[str]) -> int:
    """Number of record pairs that share a label."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return sum(n * (n - 1) // 2 for n in counts.values())


def train_from_labels(
    model: LinkageModel,
    rows: Sequence[Mapping[str, Any]],
    label_column: str = "label",
    u_max_pairs: float = 2e6,
    seed: int = 42,
) -> LinkageModel:
    """Estimate u by random sampling and m from a ground-truth label column (in place).

    ``rows`` are comparison-column dicts with ``unique_id`` and ``label``. Labelled data is
    dense in matches, so u is sampled from one record per label (a table with no true
    matches in it). The prior becomes the labelled matches per record.
    """
    con = duckdb.connect()
    columns = list(dict.fromkeys([UNIQUE_ID, label_column, *comparison_columns(model.comparisons)]))
    count = records_to_table(con, "training", rows, columns)
    one_per_label = list({str(r[label_column]): r for r in rows}.values())
    records_to_table(con, "training_u", one_per_label, columns)
    settings = splink_settings(model, count, extra_columns=[label_column])
    u_linker = make_linker(con, ["training_u"], settings)
    u_linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    trained_levels(u_linker, model)
    settings = splink_settings(model, count, extra_columns=[label_column])
    linker = make_linker(con, ["training"], settings)
    linker.training.estimate_m_from_label_column(label_column)
    trained_levels(linker, model)
    apply_floors(model)
    pairs = labelled_pair_count(str(r[label_column]) for r in rows)
    model.matches_per_record = 2 * pairs / max(count, 1)
    return model


def train_by_em(
    model: LinkageModel,
    rows: Sequence[Mapping[str, Any]],
    em_blocking_rules: Sequence[BlockingRule],
    u_max_pairs: float = 2e6,
    seed: int = 42,
    fixed_m: Collection[str] = (),
) -> LinkageModel:
    """Estimate u by random sampling and m by expectation maximisation (in place).

    Comparisons named in ``fixed_m`` keep the m they already have (e.g. learned from labels).

    Splink holds fixed, in each EM session, the comparisons that its blocking rule uses, so at
    least two rules on different fields are needed for every comparison to get its m. The
    records in ``rows`` are treated as one table to deduplicate.
    """
    con = duckdb.connect()
    columns = [UNIQUE_ID, *comparison_columns(model.comparisons)]
    columns += [c for rule in em_blocking_rules for pair in rule for c in pair]
    count = records_to_table(con, "training", rows, list(dict.fromkeys(columns)))
    settings = splink_settings(model, count, fixed_m=fixed_m)
    linker = make_linker(con, ["training"], settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    for rule in em_blocking_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            blocking_rule_sql(rule), fix_u_probabilities=True
        )
    trained_levels(linker, model)
    apply_floors(model)
    return model
