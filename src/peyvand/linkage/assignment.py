"""Probabilities for requests that can match at most one registered person.

Fellegi–Sunter scores every pair on its own. A tracing request, though, is about one person:
either nobody in the registry (prior ``1 − π``) or exactly one of them. Given the weights of
all of a request's candidates, the probability that candidate *i* is the person is

    odds_i / ((1 − π) + Σ_j odds_j),      odds = 2 ** match_weight

so a lone strong candidate gains confidence and look-alikes share it.
"""

from __future__ import annotations

from collections.abc import Sequence


def exclusive_probabilities(weights: Sequence[float], share_registered: float) -> list[float]:
    """Probability of each candidate being the one person sought, from their match weights.

    ``share_registered`` (π) is the prior share of requests whose person is in the registry.
    """
    if not weights:
        return []
    share = min(max(share_registered, 1e-6), 1 - 1e-6)
    top = max(weights)
    # Scale by 2**-top to keep the arithmetic finite for very large weights.
    scaled = [2.0 ** (w - top) for w in weights]
    none = (1 - share) * 2.0 ** (-top) if top < 1000 else 0.0
    denominator = none + sum(scaled)
    return [s / denominator for s in scaled]
