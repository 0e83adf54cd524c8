"""Learning from caseworkers' decisions: a new model version fitted on confirmed and rejected pairs.

A decided candidate pair is a label: its request (the group of candidates that share one person
sought), the level it reached in each comparison, its match weight when it was scored, and
whether it was confirmed (a match) or rejected. From the weight and the levels, the part of the
weight that does not depend on m (the prior and the term-frequency adjustments) is kept, so the
pair can be scored again under any model with the same comparisons without reading the records.

Fitting (:func:`learn_from_labels`) holds back a deterministic share of the requests, then on
the rest:

* re-estimates the m-probabilities of a comparison from the confirmed pairs, only when at least
  :data:`MIN_MATCH_LABELS` of them reached a non-null level of it; the counts are smoothed
  towards the old m (:data:`PRIOR_STRENGTH` pseudo-pairs). The u-probabilities stay: rejected
  pairs are near-misses the engine chose to show, not random non-matches;
* fits the calibration (``calibration_bits``, always) that makes the labels most likely under
  the one-person-per-request probabilities of ``assignment``.

Both models, the old and the new, are then measured on the held-back labels: precision and
recall at probability 0.5, and the expected calibration error (:func:`calibration_error`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from peyvand.linkage.internals.assignment import CALIBRATION_RANGE, exclusive_probabilities
from peyvand.linkage.internals.comparisons import Comparison
from peyvand.linkage.internals.model import MODEL_FORMAT, MODEL_VERSION, LinkageModel
from peyvand.linkage.internals.scoring import level_weight

MIN_MATCH_LABELS = 30
"""Confirmed pairs with a non-null level of a comparison before its m-probabilities are fitted."""
PRIOR_STRENGTH = 20.0
"""Pseudo-pairs of the old m added to the counts of confirmed pairs (a level never seen among
them keeps a share of its old m instead of dropping to zero)."""
HOLD_OUT_SHARE = 0.25
"""Share of requests (all their pairs together) held back from the fit to measure it."""
BINS = 10
"""Equal-width probability bins of :func:`calibration_error`."""
DECISION_THRESHOLD = 0.5
"""Probability at or above which a pair counts as a predicted match for precision and recall."""


@dataclass(frozen=True)
class LabelledPair:
    """One candidate pair as the learner sees it; ``is_match`` None: shown but not decided."""

    group: str
    base_weight: float
    levels: tuple[int, ...]
    is_match: bool | None


@dataclass(frozen=True)
class Figures:
    """How a model does on labelled pairs."""

    pairs: int
    precision: float | None
    recall: float | None
    calibration_error: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "pairs": self.pairs,
            "precision": self.precision,
            "recall": self.recall,
            "calibration_error": self.calibration_error,
        }


@dataclass
class Learned:
    """A fitted model and what was measured on the held-back labels."""

    model: LinkageModel
    before: Figures
    after: Figures
    counts: dict[str, int]
    m_fitted: list[str] = field(default_factory=list)
    m_left: list[str] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """JSON-able summary (stored with the model version, shown to the supervisor)."""
        return {
            "counts": self.counts,
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "calibration_bits": self.model.calibration_bits,
            "m_fitted": self.m_fitted,
            "m_left": self.m_left,
            "min_match_labels": MIN_MATCH_LABELS,
            "hold_out_share": HOLD_OUT_SHARE,
        }


def _level_index(comparison: Comparison, label: str) -> int | None:
    for index, level in enumerate(comparison.levels):
        if level.label == label:
            return index
    return None


def labelled_pair(
    model: LinkageModel,
    group: str,
    match_weight: float,
    evidence: Iterable[tuple[str, str]],
    is_match: bool | None,
) -> LabelledPair | None:
    """A pair scored under ``model``: its (comparison, level label) evidence and match weight.

    None when the evidence does not name one level of each of the model's comparisons (the pair
    was scored by a model with other comparisons).
    """
    found = dict(evidence)
    levels = []
    weight = match_weight
    for comparison in model.comparisons:
        index = _level_index(comparison, found.get(comparison.name, "\0"))
        if index is None:
            return None
        level = comparison.levels[index]
        weight -= level_weight(level.m_probability, level.u_probability)
        levels.append(index)
    return LabelledPair(group, weight, tuple(levels), is_match)


def pair_weight(model: LinkageModel, pair: LabelledPair) -> float:
    """The pair's match weight under ``model`` (same comparisons as the one it was scored by)."""
    total = pair.base_weight
    for comparison, index in zip(model.comparisons, pair.levels, strict=True):
        level = comparison.levels[index]
        total += level_weight(level.m_probability, level.u_probability)
    return total


def _grouped(pairs: Sequence[LabelledPair]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for position, pair in enumerate(pairs):
        groups[pair.group].append(position)
    return groups


def probabilities(
    model: LinkageModel, pairs: Sequence[LabelledPair], bits: float | None = None
) -> list[float]:
    """Each pair's probability of being its request's one person, among its group's pairs."""
    weights = [pair_weight(model, p) for p in pairs]
    return _shares(weights, _grouped(pairs), model.matches_per_record, bits, model)


def _shares(
    weights: Sequence[float],
    groups: dict[str, list[int]],
    share: float,
    bits: float | None,
    model: LinkageModel,
) -> list[float]:
    out = [0.0] * len(weights)
    correction = model.calibration_bits if bits is None else bits
    for members in groups.values():
        found = exclusive_probabilities([weights[i] for i in members], share, correction)
        for i, p in zip(members, found, strict=True):
            out[i] = p
    return out


def held_back(group: str, share: float = HOLD_OUT_SHARE) -> bool:
    """Whether a request's pairs are held back from the fit: a stable hash of its id."""
    digest = hashlib.sha256(f"peyvand hold-out|{group}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def calibration_error(predicted: Sequence[float], observed: Sequence[bool]) -> float | None:
    """Expected calibration error: over :data:`BINS` equal-width probability bins, the gap
    between the mean predicted probability and the observed match rate, weighted by the bin's
    share of the pairs. None without pairs."""
    if not predicted:
        return None
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(BINS)]
    for p, y in zip(predicted, observed, strict=True):
        bins[min(int(p * BINS), BINS - 1)].append((p, y))
    total = 0.0
    for members in bins:
        if members:
            mean_p = sum(p for p, _ in members) / len(members)
            rate = sum(1 for _, y in members if y) / len(members)
            total += len(members) * abs(mean_p - rate)
    return total / len(predicted)


def evaluate(model: LinkageModel, pairs: Sequence[LabelledPair]) -> Figures:
    """Precision and recall at :data:`DECISION_THRESHOLD` and the calibration error of
    ``model`` on the decided pairs (undecided ones only share their requests' probability)."""
    found = probabilities(model, pairs)
    decided = [
        (p, bool(x.is_match)) for p, x in zip(found, pairs, strict=True) if x.is_match is not None
    ]
    predicted = [p for p, _ in decided]
    observed = [y for _, y in decided]
    said_yes = [y for p, y in decided if p >= DECISION_THRESHOLD]
    matches = sum(observed)
    hits = sum(said_yes)
    return Figures(
        pairs=len(decided),
        precision=round(hits / len(said_yes), 4) if said_yes else None,
        recall=round(hits / matches, 4) if matches else None,
        calibration_error=_rounded(calibration_error(predicted, observed)),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _log_likelihood(
    weights: Sequence[float],
    groups: dict[str, list[int]],
    pairs: Sequence[LabelledPair],
    model: LinkageModel,
    bits: float,
) -> float:
    found = _shares(weights, groups, model.matches_per_record, bits, model)
    total = 0.0
    for p, pair in zip(found, pairs, strict=True):
        if pair.is_match is not None:
            total += math.log(max(p if pair.is_match else 1 - p, 1e-12))
    return total


def fit_calibration(model: LinkageModel, pairs: Sequence[LabelledPair]) -> float:
    """The ``calibration_bits`` that make the decided pairs' labels most likely.

    A coarse scan of :data:`CALIBRATION_RANGE` (every half bit) finds the best region, then a
    golden-section search refines it (the likelihood need not be concave in the correction).
    """
    weights = [pair_weight(model, p) for p in pairs]
    groups = _grouped(pairs)

    def likelihood(bits: float) -> float:
        return _log_likelihood(weights, groups, pairs, model, bits)

    low, high = CALIBRATION_RANGE
    grid = [low + 0.5 * i for i in range(int((high - low) / 0.5) + 1)]
    best = max(grid, key=likelihood)
    low, high = max(best - 0.5, CALIBRATION_RANGE[0]), min(best + 0.5, CALIBRATION_RANGE[1])
    ratio = (math.sqrt(5) - 1) / 2
    while high - low > 1e-3:
        a, b = high - ratio * (high - low), low + ratio * (high - low)
        if likelihood(a) < likelihood(b):
            low = a
        else:
            high = b
    return round((low + high) / 2, 3)


def fit_m_probabilities(
    model: LinkageModel, pairs: Sequence[LabelledPair], min_labels: int = MIN_MATCH_LABELS
) -> tuple[list[Comparison], list[str], list[str]]:
    """Comparisons with m re-estimated from the confirmed pairs where there are enough of them.

    Returns (the comparisons, names of those fitted, names of those left as they were).
    """
    matches = [p for p in pairs if p.is_match]
    comparisons, fitted, left = [], [], []
    for position, comparison in enumerate(model.comparisons):
        copy = Comparison.from_dict(comparison.to_dict())
        counts = [0] * len(copy.levels)
        for pair in matches:
            if not copy.levels[pair.levels[position]].is_null:
                counts[pair.levels[position]] += 1
        seen = sum(counts)
        if seen < min_labels:
            left.append(comparison.name)
        else:
            _smooth_m(copy, counts, seen)
            fitted.append(comparison.name)
        comparisons.append(copy)
    return comparisons, fitted, left


def _smooth_m(comparison: Comparison, counts: Sequence[int], seen: int) -> None:
    """m of each non-null level: its count plus the old m's share of the pseudo-pairs."""
    real = [lv for lv in comparison.levels if not lv.is_null and lv.m_probability]
    old_total = sum(lv.m_probability or 0.0 for lv in real)
    for level, count in zip(comparison.levels, counts, strict=True):
        if level.is_null or not level.m_probability:
            continue
        prior = PRIOR_STRENGTH * level.m_probability / old_total
        level.m_probability = (count + prior) / (seen + PRIOR_STRENGTH)


def learn_from_labels(
    model: LinkageModel, pairs: Sequence[LabelledPair], min_labels: int = MIN_MATCH_LABELS
) -> Learned:
    """Fit a new model on the labels not held back; measure old and new on those held back.

    ``pairs`` must have been built with :func:`labelled_pair` for ``model``'s comparisons.
    """
    fit = [p for p in pairs if not held_back(p.group)]
    held = [p for p in pairs if held_back(p.group)]
    comparisons, fitted, left = fit_m_probabilities(model, fit, min_labels)
    new = LinkageModel(
        kind=model.kind,
        comparisons=comparisons,
        blocking_rules=[list(rule) for rule in model.blocking_rules],
        matches_per_record=model.matches_per_record,
        notes=dict(model.notes),
    )
    new.calibration_bits = fit_calibration(new, fit)
    new.notes["learned_from"] = {"confirmed": _count(fit, True), "rejected": _count(fit, False)}
    counts = {
        "fit_confirmed": _count(fit, True),
        "fit_rejected": _count(fit, False),
        "held_confirmed": _count(held, True),
        "held_rejected": _count(held, False),
    }
    return Learned(new, evaluate(model, held), evaluate(new, held), counts, fitted, left)


def _count(pairs: Sequence[LabelledPair], is_match: bool) -> int:
    return sum(1 for p in pairs if p.is_match is is_match)


def model_document(model: LinkageModel) -> dict[str, Any]:
    """The model as the checksummed document ``model.save_model`` writes (and
    ``model.model_from_document`` reads back)."""
    content = model.content()
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "sha256": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        "content": content,
    }
