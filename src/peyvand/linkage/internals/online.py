"""Online path: one new record against an in-memory index, in pure Python.

For the web app: a caseworker saves a tracing request and immediately sees the best
candidates, each with its probability and a per-field explanation. Blocking uses the model's
rules as dictionary look-ups; scoring uses the same levels and weights as the batch path.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from peyvand.linkage.internals.assignment import exclusive_probabilities
from peyvand.linkage.internals.model import MIN_POPULATION, LinkageModel
from peyvand.linkage.internals.people import Record, record_values
from peyvand.linkage.internals.scoring import (
    FieldEvidence,
    QueryScorer,
    comparison_key_columns,
    comparison_keys,
    pair_evidence,
    weight_to_probability,
)

MAX_BLOCK_SIZE = 5000
"""A blocking key shared by more records than this is skipped for a query (too common)."""


@dataclass(frozen=True)
class ScoredPair:
    """A candidate for a query record, with its score and the reasons for it."""

    record_id_l: str
    record_id_r: str
    match_weight: float
    match_probability: float
    explanation: list[FieldEvidence] = field(default_factory=list)


class OnlineIndex:
    """Records held in memory, looked up by blocking keys and scored one query at a time."""

    def __init__(self, model: LinkageModel) -> None:
        """Create an empty index that scores with ``model``."""
        self.model = model
        self._values: dict[str, dict[str, Any]] = {}
        self._blocks: list[defaultdict[tuple[Any, ...], list[str]]] = [
            defaultdict(list) for _ in model.blocking_rules
        ]
        self._counts: dict[str, Counter[Any]] = {c: Counter() for c in self._tf_columns()}
        # Per comparison, each distinct value tuple numbered once (see scoring.QueryScorer).
        self._key_columns = comparison_key_columns(model)
        self._key_ids: list[dict[tuple[Any, ...], int]] = [{} for _ in model.comparisons]
        self._keys: dict[str, tuple[int, ...]] = {}

    def _tf_columns(self) -> list[str]:
        return sorted(
            {lv.tf_column for c in self.model.comparisons for lv in c.levels if lv.tf_column}
        )

    def __len__(self) -> int:
        """Number of records in the index."""
        return len(self._values)

    def add(self, records: Iterable[Record]) -> None:
        """Add records (a record id seen before replaces nothing: ids must be unique)."""
        for record in records:
            values = record_values(record)
            record_id = record.record_id
            if record_id in self._values:
                raise ValueError(f"record {record_id!r} is already in the index")
            self._values[record_id] = values
            self._keys[record_id] = tuple(
                ids.setdefault(key, len(ids))
                for ids, key in zip(
                    self._key_ids, comparison_keys(self._key_columns, values), strict=True
                )
            )
            for rule, block in zip(self.model.blocking_rules, self._blocks, strict=True):
                key = tuple(values.get(left) for left, _ in rule)
                if all(k is not None and k != "" for k in key):
                    block[key].append(record_id)
            for column, counter in self._counts.items():
                if values.get(column) is not None:
                    counter[values[column]] += 1

    def term_frequencies(self) -> dict[str, dict[Any, float]]:
        """Share of each value among the index's non-missing values, per TF column.

        Shares are of at least ``MIN_POPULATION`` values, as in the batch path.
        """
        out: dict[str, dict[Any, float]] = {}
        for column, counter in self._counts.items():
            total = max(sum(counter.values()), MIN_POPULATION)
            out[column] = {value: n / total for value, n in counter.items()}
        return out

    def candidate_ids(self, values: dict[str, Any]) -> set[str]:
        """Ids of index records that share a blocking key with a query's values."""
        found: set[str] = set()
        for rule, block in zip(self.model.blocking_rules, self._blocks, strict=True):
            key = tuple(values.get(right) for _, right in rule)
            if all(k is not None and k != "" for k in key):
                ids = block.get(key, ())
                if len(ids) <= MAX_BLOCK_SIZE:
                    found.update(ids)
        return found

    def score(
        self, query: dict[str, Any], candidate_id: str, frequencies: Any = None
    ) -> ScoredPair:
        """Score one query (its comparison columns) against one indexed record."""
        other = self._values[candidate_id]
        evidence = pair_evidence(self.model, query, other, frequencies)
        weight = self.model.prior_weight(len(self)) + sum(e.weight for e in evidence)
        return ScoredPair(
            str(query["unique_id"]), candidate_id, weight, weight_to_probability(weight), evidence
        )

    def candidates(
        self, record: Record, top_n: int = 10, one_person_per_query: bool = True
    ) -> list[ScoredPair]:
        """The ``top_n`` best-scoring index records for ``record``, best first.

        With ``one_person_per_query`` (a tracing request against the registry: the query is
        about one person, who is registered at most once) ``match_probability`` is the
        probability that this candidate is that person, given all blocked candidates (see
        ``assignment``). Without it (e.g. a registration against open requests, several of
        which may seek the same person) it is the pairwise Fellegi–Sunter probability.
        """
        query = record_values(record)
        frequencies = self._frequencies_for_query()
        ids = [cid for cid in self.candidate_ids(query) if cid != record.record_id]
        scorer = QueryScorer(self.model, query, len(self), frequencies)
        weights = [scorer.weight(self._values[cid], self._keys[cid]) for cid in ids]
        if one_person_per_query:
            shares = exclusive_probabilities(
                weights, self.model.matches_per_record, self.model.calibration_bits
            )
        else:
            shares = [weight_to_probability(w) for w in weights]
        # Equal weights in a stable order, whatever order the blocks gave the candidates in.
        best = sorted(zip(ids, weights, shares, strict=True), key=lambda x: (-x[1], str(x[0])))
        # Explanations are written only for the candidates shown.
        return [
            replace(self.score(query, cid, frequencies), match_probability=share)
            for cid, _, share in best[:top_n]
        ]

    def _frequencies_for_query(self) -> dict[str, dict[Any, float]]:
        if getattr(self, "_tf_cache_size", -1) != len(self):
            self._tf_cache = self.term_frequencies()
            self._tf_cache_size = len(self)
        return self._tf_cache
