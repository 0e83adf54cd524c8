"""Ranking one query's candidates: the arithmetic the online index and the database index share.

Whoever found the candidates (an in-memory index, or the web app's index in the database) hands
over their comparison columns, the population the prior is computed for and the term
frequencies of the query's values; the weights are exactly :func:`scoring.match_weight`'s.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from peyvand.linkage.internals.assignment import exclusive_probabilities
from peyvand.linkage.internals.model import LinkageModel
from peyvand.linkage.internals.online import ScoredPair
from peyvand.linkage.internals.scoring import (
    QueryScorer,
    TermFrequencies,
    comparison_key_columns,
    comparison_keys,
    pair_evidence,
    weight_to_probability,
)


def rank_candidates(
    model: LinkageModel,
    query: Mapping[str, Any],
    candidates: Mapping[Any, Mapping[str, Any]],
    population: int,
    frequencies: TermFrequencies | None,
    top_n: int = 10,
    one_person_per_query: bool = True,
    keys: Mapping[Any, Sequence[Hashable]] | None = None,
) -> list[ScoredPair]:
    """The ``top_n`` best candidates for ``query``, best first, with their explanations.

    ``one_person_per_query`` gives each candidate's probability of being the one person sought
    (see ``assignment``); otherwise each pair's own Fellegi–Sunter probability. ``keys`` may
    give each candidate's comparison keys (``QueryScorer.weight``), worked out in advance.
    """
    columns = comparison_key_columns(model)
    scorer = QueryScorer(model, query, population, frequencies)
    ids = list(candidates)
    if keys is None:
        keys = {i: comparison_keys(columns, candidates[i]) for i in ids}
    weights = [scorer.weight(candidates[i], keys[i]) for i in ids]
    if one_person_per_query:
        shares = exclusive_probabilities(weights, model.matches_per_record, model.calibration_bits)
    else:
        shares = [weight_to_probability(w) for w in weights]
    # Equal weights in a stable order, whatever order the candidates were found in.
    best = sorted(zip(ids, weights, shares, strict=True), key=lambda x: (-x[1], str(x[0])))
    # Explanations are written only for the candidates shown.
    return [
        ScoredPair(
            str(query["unique_id"]),
            str(record_id),
            weight,
            share,
            pair_evidence(model, query, candidates[record_id], frequencies),
        )
        for record_id, weight, share in best[:top_n]
    ]
