"""Probabilities for requests that can match at most one registered person.

Fellegi–Sunter scores every pair on its own. A tracing request, though, is about one person:
either nobody in the registry (prior ``1 − π``) or exactly one of them. Given the weights of
all of a request's candidates, the probability that candidate *i* is the person is

    odds_i / ((1 − π) + Σ_j odds_j),      odds = 2 ** (match_weight + c)

so a lone strong candidate gains confidence and look-alikes share it. ``c`` (the model's
``calibration_bits``) corrects the naive-Bayes sum of field weights, which treats the fields as
independent and so misstates the evidence; it is learned on labelled training requests by
:func:`fit_calibration_bits` and is 0 for an uncalibrated model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

CALIBRATION_RANGE = (-12.0, 12.0)
"""Bits searched by :func:`fit_calibration_bits`; a correction outside it means a broken model."""


def exclusive_probabilities(
    weights: Sequence[float], share_registered: float, calibration_bits: float = 0.0
) -> list[float]:
    """Probability of each candidate being the one person sought, from their match weights.

    ``share_registered`` (π) is the prior share of requests whose person is in the registry;
    ``calibration_bits`` is added to every weight first (see the module docstring).
    """
    if not weights:
        return []
    share = min(max(share_registered, 1e-6), 1 - 1e-6)
    shifted = [w + calibration_bits for w in weights]
    top = max(shifted)
    # Scale by 2**-top to keep the arithmetic finite for very large weights.
    scaled = [2.0 ** (w - top) for w in shifted]
    none = (1 - share) * 2.0 ** (-top) if top < 1000 else 0.0
    denominator = none + sum(scaled)
    return [s / denominator for s in scaled]


SHARE_ROUNDS = 30
"""EM rounds for the share of records whose match is in the data (it converges in ~10)."""


def estimate_share_matched(
    factor_sums: Sequence[float], record_count: int, per_pair: float, start: float = 0.5
) -> float:
    """EM estimate of π, the share of records whose match is in the data, with m and u fixed.

    ``factor_sums`` holds, per record with candidates, the sum of its candidates' Bayes
    factors (``2 ** (match_weight − prior weight)``); ``per_pair`` is the prior of one pair
    per unit of π (``1 / (n − 1)``). A record's posterior that one of its candidates is its
    match is ``Σodds / ((1 − π) + Σodds)`` with ``odds = π · per_pair · factor``; π becomes
    the mean posterior over all ``record_count`` records, iterated.
    """
    share = min(max(start, 1e-6), 0.99)
    for _ in range(SHARE_ROUNDS):
        odds = [share * per_pair * factor for factor in factor_sums]
        share = sum(o / ((1 - share) + o) for o in odds) / max(record_count, 1)
        share = min(max(share, 1e-6), 0.99)
    return share


def _log_likelihood(
    requests: Sequence[tuple[Sequence[float], int | None]], share: float, bits: float
) -> float:
    total = 0.0
    for weights, true_index in requests:
        probabilities = exclusive_probabilities(weights, share, bits)
        found = probabilities[true_index] if true_index is not None else 1 - sum(probabilities)
        total += math.log(max(found, 1e-300))
    return total


def fit_calibration_bits(
    requests: Sequence[tuple[Sequence[float], int | None]], share_registered: float
) -> float:
    """The correction (bits) that makes labelled requests' probabilities most likely.

    Each request is (its candidates' match weights, index of the true candidate or ``None``
    when its person is not among them). The log-likelihood is concave in the correction, so a
    golden-section search over :data:`CALIBRATION_RANGE` finds the maximum.
    """

    def likelihood(bits: float) -> float:
        return _log_likelihood(requests, share_registered, bits)

    low, high = CALIBRATION_RANGE
    ratio = (math.sqrt(5) - 1) / 2
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    at_a, at_b = likelihood(a), likelihood(b)
    while high - low > 1e-3:
        # Each step keeps one inner point (ratio² = 1 − ratio) and evaluates one new one.
        if at_a < at_b:
            low, a, at_a = a, b, at_b
            b = low + ratio * (high - low)
            at_b = likelihood(b)
        else:
            high, b, at_b = b, a, at_a
            a = high - ratio * (high - low)
            at_a = likelihood(a)
    return round((low + high) / 2, 3)
