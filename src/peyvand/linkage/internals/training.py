"""Training with Splink on DuckDB: u by random sampling, m from labels or by EM.

Small data gets sensible priors: a level that no training pair reached keeps a small floor
probability instead of zero, so its weight is large but finite.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import duckdb

from peyvand.linkage.internals.batch import (
    UNIQUE_ID,
    make_linker,
    records_to_table,
    splink_settings,
    trained_levels,
)
from peyvand.linkage.internals.comparisons import (
    BlockingRule,
    Comparison,
    blocking_rule_sql,
    comparison_columns,
)
from peyvand.linkage.internals.model import LinkageModel

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
    split_column: str | None = None,
    u_floor: float = U_FLOOR,
) -> LinkageModel:
    """Estimate u by random sampling and m from a ground-truth label column (in place).

    ``rows`` are comparison-column dicts with ``unique_id`` and ``label``. Labelled data is
    dense in matches, so u is sampled from one record per label (a table with no true
    matches in it). The prior becomes the labelled matches per record.

    With ``split_column`` (e.g. ``"script"``), m and u are learned from pairs across the two
    groups of rows only: rows whose value is the column's first value against all others. A
    cross-script model must learn what a Persian/Latin pair looks like, not a Latin/Latin one.
    """
    con = duckdb.connect()
    columns = list(dict.fromkeys([UNIQUE_ID, label_column, *comparison_columns(model.comparisons)]))
    if split_column:
        columns = list(dict.fromkeys([*columns, split_column]))
    count = len(rows)
    u_tables = _load_training_tables(
        con, "training_u", _one_per_label(rows, label_column, split_column), columns, split_column
    )
    link_type = "link_only" if split_column else "dedupe_only"
    settings = splink_settings(model, count, link_type=link_type, extra_columns=[label_column])
    u_linker = make_linker(con, u_tables, settings)
    u_linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    trained_levels(u_linker, model)
    m_tables = _load_training_tables(con, "training", rows, columns, split_column)
    settings = splink_settings(model, count, link_type=link_type, extra_columns=[label_column])
    linker = make_linker(con, m_tables, settings)
    linker.training.estimate_m_from_label_column(label_column)
    trained_levels(linker, model)
    apply_floors(model, u_floor=u_floor)
    model.matches_per_record = _matches_per_record(rows, label_column, split_column)
    return model


def _matches_per_record(
    rows: Sequence[Mapping[str, Any]], label_column: str, split_column: str | None
) -> float:
    """Labelled matches per record, so that the prior ``matches_per_record / (n - 1)`` is the
    chance that a random pair (a random cross-group pair with ``split_column``) matches."""
    count = len(rows)
    if not split_column:
        pairs = labelled_pair_count(str(r[label_column]) for r in rows)
        return 2 * pairs / max(count, 1)
    first_group = rows[0].get(split_column) if rows else None
    left: dict[str, int] = {}
    right: dict[str, int] = {}
    for row in rows:
        side = left if row.get(split_column) == first_group else right
        side[str(row[label_column])] = side.get(str(row[label_column]), 0) + 1
    cross = sum(n * right.get(label, 0) for label, n in left.items())
    cross_pairs = max(sum(left.values()) * sum(right.values()), 1)
    return cross * (count - 1) / cross_pairs


def _one_per_label(
    rows: Sequence[Mapping[str, Any]], label_column: str, split_column: str | None
) -> list[Mapping[str, Any]]:
    """Rows among which random pairs are never labelled matches, so they measure u.

    Without ``split_column``: the last record of each label. With it, labels are split in
    two halves by a hash; the first group keeps its rows of one half, the other group its
    rows of the other half, so no pair across the groups shares a label.
    """
    if not split_column:
        return list({str(r[label_column]): r for r in rows}.values())
    first_group = rows[0].get(split_column) if rows else None
    return [
        row
        for row in rows
        if (row.get(split_column) == first_group) == (_stable_hash(str(row[label_column])) % 2 == 0)
    ]


def _stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "big")


def _load_training_tables(
    con: duckdb.DuckDBPyConnection,
    name: str,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    split_column: str | None,
) -> list[str]:
    """Load ``rows`` as one table, or as two (first group / the rest) with ``split_column``."""
    if not split_column:
        records_to_table(con, name, rows, columns)
        return [name]
    first_group = rows[0].get(split_column) if rows else None
    left = [r for r in rows if r.get(split_column) == first_group]
    right = [r for r in rows if r.get(split_column) != first_group]
    records_to_table(con, f"{name}_a", left, columns)
    records_to_table(con, f"{name}_b", right, columns)
    return [f"{name}_a", f"{name}_b"]


def factorise_u(comparison: Comparison, axes: Sequence[tuple[str, str] | None]) -> None:
    """Set u of a two-part comparison to the product of its parts' u (in place).

    ``axes[i]`` names level ``i``'s part levels (e.g. given level, family level), or is None
    for a null level. Two random people's given and family names are independent, so
    u(given, family) = u(given) · u(family): each factor is measured on plenty of sampled
    pairs, where a joint level of two rare agreements is seldom or never seen at all.
    """
    rows: dict[str, float] = {}
    cols: dict[str, float] = {}
    for level, axis in zip(comparison.levels, axes, strict=True):
        if axis is None or level.is_null:
            continue
        u = level.u_probability or 0.0
        rows[axis[0]] = rows.get(axis[0], 0.0) + u
        cols[axis[1]] = cols.get(axis[1], 0.0) + u
    for level, axis in zip(comparison.levels, axes, strict=True):
        if axis is not None and not level.is_null:
            level.u_probability = max(rows[axis[0]] * cols[axis[1]], 1e-12)
    total = sum(lv.u_probability or 0.0 for lv in comparison.levels if not lv.is_null)
    for level in comparison.levels:
        if not level.is_null and level.u_probability:
            level.u_probability /= total


def train_by_em(
    model: LinkageModel,
    rows: Sequence[Mapping[str, Any]],
    em_blocking_rules: Sequence[BlockingRule],
    u_max_pairs: float = 2e6,
    seed: int = 42,
    fixed_m: Collection[str] = (),
    link_to: Sequence[Mapping[str, Any]] | None = None,
) -> LinkageModel:
    """Estimate u by random sampling and m by expectation maximisation (in place).

    Comparisons named in ``fixed_m`` keep the m they already have (e.g. learned from labels).

    Splink holds fixed, in each EM session, the comparisons that its blocking rule uses, so at
    least two rules on different fields are needed for every comparison to get its m. The
    records in ``rows`` are treated as one table to deduplicate; with ``link_to`` they are
    linked to those records instead (requests to a registry), so that u and m are learned on
    the pairs the model will score: a request against a registered person, not two
    registrations.
    """
    con = duckdb.connect()
    columns = [UNIQUE_ID, *comparison_columns(model.comparisons)]
    columns += [c for rule in em_blocking_rules for pair in rule for c in pair]
    columns = list(dict.fromkeys(columns))
    count = records_to_table(con, "training", rows, columns)
    tables = ["training"]
    link_type = "dedupe_only"
    if link_to is not None:
        count = records_to_table(con, "training_right", link_to, columns)
        tables, link_type = ["training", "training_right"], "link_only"
    settings = splink_settings(model, count, link_type=link_type, fixed_m=fixed_m)
    linker = make_linker(con, tables, settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    for rule in em_blocking_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            blocking_rule_sql(rule), fix_u_probabilities=True
        )
    trained_levels(linker, model)
    apply_floors(model)
    return model
