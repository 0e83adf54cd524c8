"""Peyvand's linkage engine: cross-script Persian ↔ Latin matching of names and people.

A framework-free library (no Django). The public API, loaded lazily so that importing the
package stays cheap for the web app:

Names
    ``normalise_name``, ``parse_name``, ``sound_key``, ``skeleton``, ``name_values``
    ``link_names(in_csv, out_csv)`` — contract of ``peyvand names link``
    ``eval_names(clusters_csv)`` — contract of ``peyvand names eval`` (returns report text)
People
    ``Record`` — one person as written; ``OnlineIndex(model).add(records)`` then
    ``.candidates(record, top_n)`` → ``ScoredPair`` (``match_probability``, ``match_weight``,
    ``explanation``: list of ``FieldEvidence``)
    ``link_people(requests, registry)`` — batch path (Splink on DuckDB)
    ``link_records(a_csv, out_csv, columns, b_csv=None)`` — contract of ``peyvand link``
Models
    ``load_model``, ``save_model``, ``load_default_model``, ``LinkageModel``,
    ``train_from_labels``, ``train_by_em``
Errors
    ``LinkageError``, ``LinkageInputError`` (bad input; print the message), ``ModelFileError``
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS: dict[str, str] = {
    "normalise_name": "normalise",
    "normalise_persian": "normalise",
    "normalise_latin": "normalise",
    "detect_script": "normalise",
    "parse_name": "parsing",
    "ParsedName": "parsing",
    "sound_key": "keys",
    "skeleton": "keys",
    "name_values": "name_features",
    "link_names": "names",
    "score_names": "names",
    "candidate_pair_count": "names",
    "eval_names": "evaluation",
    "Record": "people",
    "record_values": "people",
    "OnlineIndex": "online",
    "rank_candidates": "ranking",
    "best_pairs": "batch_candidates",
    "ScoredPair": "online",
    "FieldEvidence": "scoring",
    "link_people": "people_batch",
    "link_records": "record_linkage",
    "LinkageModel": "model",
    "load_model": "model",
    "save_model": "model",
    "load_default_model": "model",
    "train_from_labels": "training",
    "train_by_em": "training",
    "LinkageError": "errors",
    "LinkageInputError": "errors",
    "ModelFileError": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import public names on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'peyvand.linkage' has no attribute {name!r}")
    return getattr(import_module(f"peyvand.linkage.{module}"), name)
