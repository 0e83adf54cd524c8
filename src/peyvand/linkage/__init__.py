"""Peyvand's linkage engine: cross-script Persian ↔ Latin matching of names and people.

A framework-free library (no Django). The public API, loaded lazily so that importing the
package stays cheap for the web app:

Names
    ``normalise_name``, ``parse_name``, ``sound_key``, ``skeleton``, ``name_values``,
    ``VOWEL_START`` (the key's mark for a name that opens on a vowel),
    ``latin_reading``, ``persian_reading`` (a name shown in the other script)
    ``link_names(in_csv, out_csv)`` — contract of ``peyvand names link``
    ``eval_names(clusters_csv)`` — contract of ``peyvand names eval`` (returns report text)
People
    ``Record`` — one person as written; ``OnlineIndex(model).add(records)`` then
    ``.candidates(record, top_n)`` → ``ScoredPair`` (``match_probability``, ``match_weight``,
    ``explanation``: list of ``FieldEvidence``)
    ``link_people(requests, registry)`` — batch path (Splink on DuckDB)
    ``link_records(a_csv, out_csv, columns, b_csv=None)`` — contract of ``peyvand link``
Candidates (the web app's database candidate index and the batch re-link)
    ``rank_candidates``, ``best_pairs``, ``comparison_keys``, ``comparison_key_columns``,
    ``people_columns``, ``MIN_POPULATION``, ``spark_best_pairs`` (with the spark extra)
Models
    ``load_model``, ``save_model``, ``load_default_model``, ``LinkageModel``,
    ``train_from_labels``, ``train_by_em``, ``model_from_document``
Learning from caseworkers' decisions
    ``LabelledPair``, ``labelled_pair``, ``learn_from_labels``, ``model_document``
Errors
    ``LinkageError``, ``LinkageInputError`` (bad input; print the message), ``ModelFileError``
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as mypy sees them; at run time __getattr__ loads them on first use
    from peyvand.linkage.internals.batch_candidates import best_pairs
    from peyvand.linkage.internals.errors import LinkageError, LinkageInputError, ModelFileError
    from peyvand.linkage.internals.evaluation import eval_names
    from peyvand.linkage.internals.fitting import fit_people_model
    from peyvand.linkage.internals.keys import VOWEL_START, skeleton, sound_key
    from peyvand.linkage.internals.learning import (
        LabelledPair,
        labelled_pair,
        learn_from_labels,
        model_document,
    )
    from peyvand.linkage.internals.model import (
        MIN_POPULATION,
        LinkageModel,
        load_default_model,
        load_model,
        model_from_document,
        save_model,
    )
    from peyvand.linkage.internals.name_features import name_values
    from peyvand.linkage.internals.names import candidate_pair_count, link_names, score_names
    from peyvand.linkage.internals.normalise import (
        detect_script,
        normalise_latin,
        normalise_name,
        normalise_persian,
    )
    from peyvand.linkage.internals.online import OnlineIndex, ScoredPair
    from peyvand.linkage.internals.parsing import ParsedName, parse_name
    from peyvand.linkage.internals.people import Record, record_values
    from peyvand.linkage.internals.people_batch import (
        link_people,
        load_people_model,
        people_columns,
    )
    from peyvand.linkage.internals.ranking import rank_candidates
    from peyvand.linkage.internals.reading import latin_reading, persian_reading
    from peyvand.linkage.internals.record_linkage import (
        LinkageInput,
        fit_to_input,
        link_records,
        read_input,
        write_links,
    )
    from peyvand.linkage.internals.scoring import (
        FieldEvidence,
        comparison_key_columns,
        comparison_keys,
    )
    from peyvand.linkage.internals.spark_candidates import spark_best_pairs
    from peyvand.linkage.internals.training import train_by_em, train_from_labels

_EXPORTS: dict[str, str] = {
    "normalise_name": "normalise",
    "normalise_persian": "normalise",
    "normalise_latin": "normalise",
    "detect_script": "normalise",
    "parse_name": "parsing",
    "ParsedName": "parsing",
    "sound_key": "keys",
    "VOWEL_START": "keys",
    "latin_reading": "reading",
    "persian_reading": "reading",
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
    "people_columns": "people_batch",
    "spark_best_pairs": "spark_candidates",
    "comparison_keys": "scoring",
    "comparison_key_columns": "scoring",
    "MIN_POPULATION": "model",
    "link_records": "record_linkage",
    "LinkageModel": "model",
    "load_model": "model",
    "save_model": "model",
    "load_default_model": "model",
    "model_from_document": "model",
    "LabelledPair": "learning",
    "labelled_pair": "learning",
    "learn_from_labels": "learning",
    "model_document": "learning",
    "train_from_labels": "training",
    "train_by_em": "training",
    "LinkageError": "errors",
    "LinkageInputError": "errors",
    "ModelFileError": "errors",
    "fit_people_model": "fitting",
    "load_people_model": "people_batch",
    "LinkageInput": "record_linkage",
    "read_input": "record_linkage",
    "fit_to_input": "record_linkage",
    "write_links": "record_linkage",
}
__all__ = [  # the keys of _EXPORTS, written out so that linters see the public names
    "MIN_POPULATION",
    "VOWEL_START",
    "FieldEvidence",
    "LabelledPair",
    "LinkageError",
    "LinkageInput",
    "LinkageInputError",
    "LinkageModel",
    "ModelFileError",
    "OnlineIndex",
    "ParsedName",
    "Record",
    "ScoredPair",
    "best_pairs",
    "candidate_pair_count",
    "comparison_key_columns",
    "comparison_keys",
    "detect_script",
    "eval_names",
    "fit_people_model",
    "fit_to_input",
    "labelled_pair",
    "latin_reading",
    "learn_from_labels",
    "link_names",
    "link_people",
    "link_records",
    "load_default_model",
    "load_model",
    "load_people_model",
    "model_document",
    "model_from_document",
    "name_values",
    "normalise_latin",
    "normalise_name",
    "normalise_persian",
    "parse_name",
    "people_columns",
    "persian_reading",
    "rank_candidates",
    "read_input",
    "record_values",
    "save_model",
    "score_names",
    "skeleton",
    "sound_key",
    "spark_best_pairs",
    "train_by_em",
    "train_from_labels",
    "write_links",
]


def __getattr__(name: str) -> Any:
    """Import public names on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'peyvand.linkage' has no attribute {name!r}")
    return getattr(import_module(f"peyvand.linkage.internals.{module}"), name)
