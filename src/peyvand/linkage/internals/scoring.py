"""Pure-Python scoring of one pair with a model: the online path's arithmetic.

The batch path gets the same numbers from Splink (same levels, same m/u, same term-frequency
adjustment); ``tests/linkage`` checks they agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from peyvand.linkage.internals.comparisons import Comparison, Level, comparison_columns
from peyvand.linkage.internals.model import LinkageModel

TermFrequencies = Mapping[str, Mapping[Any, float]]
"""Per column, how often each value occurs (a share of the non-missing values)."""


@dataclass(frozen=True)
class FieldEvidence:
    """One field's part of a pair's score, in words a caseworker reads."""

    field: str
    level: str
    weight: float
    text: str


def level_weight(m_probability: float | None, u_probability: float | None) -> float:
    """log2(m/u) of a level; 0 for a null level (no m/u)."""
    if not m_probability or not u_probability:
        return 0.0
    return math.log2(m_probability / u_probability)


def exact_level_u(comparison: Comparison, level: Level) -> float | None:
    """u of the comparison's first exact-match level on ``level``'s TF column, as Splink
    takes it (the level's own u when it is that level)."""
    wanted = {"kind": "equal", "column": level.tf_column}
    for candidate in comparison.levels:
        if not candidate.is_null and candidate.condition == wanted:
            return candidate.u_probability
    return level.u_probability


def term_frequency_adjustment(
    level: Level,
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    frequencies: TermFrequencies | None,
    base_u: float | None = None,
) -> float:
    """Splink's adjustment: log2(u of the exact level) − log2(how common the value is).

    ``base_u`` is the u of the comparison's exact-match level on the TF column
    (:func:`exact_level_u`); by default the level's own u (the level is that exact level).
    """
    base_u = level.u_probability if base_u is None else base_u
    if not level.tf_column or not frequencies or base_u is None:
        return 0.0
    table = frequencies.get(level.tf_column, {})
    tf_l, tf_r = table.get(left.get(level.tf_column)), table.get(right.get(level.tf_column))
    if tf_l is None and tf_r is None:
        return 0.0
    shared = max(v for v in (tf_l, tf_r) if v is not None)
    return math.log2(base_u) - math.log2(shared)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = str(value)
    return text.title() if text.isascii() else text


def level_and_weight(
    comparison: Comparison,
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    frequencies: TermFrequencies | None = None,
) -> tuple[Level, float]:
    """The pair's level in one comparison and its weight (term frequency included)."""
    level = comparison.levels[comparison.level_for(left, right)]
    if level.is_null:
        return level, 0.0
    weight = level_weight(level.m_probability, level.u_probability)
    if not level.tf_column:
        return level, weight
    base_u = exact_level_u(comparison, level)
    return level, weight + term_frequency_adjustment(level, left, right, frequencies, base_u)


def field_evidence(
    comparison: Comparison,
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    frequencies: TermFrequencies | None = None,
) -> FieldEvidence:
    """One comparison's level, weight and caseworker sentence for a pair."""
    level, weight = level_and_weight(comparison, left, right, frequencies)
    shown_l, shown_r = (
        _shown(left.get(comparison.shown_column)),
        _shown(right.get(comparison.shown_column)),
    )
    text = f"{comparison.title}: {level.text} — {shown_l} ~ {shown_r}, {weight:+.1f}"
    return FieldEvidence(comparison.name, level.label, weight, text)


def pair_evidence(
    model: LinkageModel,
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    frequencies: TermFrequencies | None = None,
) -> list[FieldEvidence]:
    """Each comparison's level and weight for one pair of records' comparison columns."""
    return [field_evidence(c, left, right, frequencies) for c in model.comparisons]


def match_weight(
    model: LinkageModel,
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    record_count: int,
    frequencies: TermFrequencies | None = None,
) -> float:
    """Match weight (log2 odds) of a pair, prior for ``record_count`` records included."""
    weights = (level_and_weight(c, left, right, frequencies)[1] for c in model.comparisons)
    return model.prior_weight(record_count) + sum(weights)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def comparison_key_columns(model: LinkageModel) -> list[tuple[str, ...]]:
    """Per comparison, the columns its level and weight depend on (conditions and TF)."""
    out = []
    for comparison in model.comparisons:
        columns = comparison_columns([comparison])
        columns += [lv.tf_column for lv in comparison.levels if lv.tf_column]
        out.append(tuple(dict.fromkeys(columns)))
    return out


def comparison_keys(
    columns: list[tuple[str, ...]], values: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """One record's value tuple per comparison (see :func:`comparison_key_columns`)."""
    return [tuple(_hashable(values.get(c)) for c in cols) for cols in columns]


class QueryScorer:
    """Match weights of many candidates against one query record, reusing repeated work.

    A comparison's level and weight depend only on the columns it reads (and its
    term-frequency columns). Candidates of one query share many of those values (a birth
    year, a common family name), so each comparison's result is kept per distinct key of the
    candidate: an id of its value tuple (:func:`comparison_keys`), which the online index
    numbers once, when records are added. The weights are exactly :func:`match_weight`'s.
    """

    def __init__(
        self,
        model: LinkageModel,
        query: Mapping[str, Any],
        record_count: int,
        frequencies: TermFrequencies | None = None,
    ) -> None:
        """Prepare to score candidates against ``query`` in an index of ``record_count``."""
        self.query = query
        self.frequencies = frequencies
        self.prior = model.prior_weight(record_count)
        self.comparisons = model.comparisons
        self.seen: list[dict[Any, float]] = [{} for _ in model.comparisons]

    def weight(self, other: Mapping[str, Any], keys: Sequence[Any]) -> float:
        """Match weight of the query against ``other`` (prior included).

        ``keys`` (one per comparison) stand for ``other``'s value tuples; records with equal
        tuples must get equal keys.
        """
        total = self.prior
        for comparison, key, seen in zip(self.comparisons, keys, self.seen, strict=True):
            found = seen.get(key)
            if found is None:
                found = level_and_weight(comparison, self.query, other, self.frequencies)[1]
                seen[key] = found
            total += found
        return total


def weight_to_probability(weight: float) -> float:
    """Turn a match weight into a match probability."""
    if weight > 60:
        return 1.0
    odds = 2.0**weight
    return odds / (1.0 + odds)
