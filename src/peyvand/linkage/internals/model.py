"""Linkage models as versioned, checksummed JSON (never pickle).

A model file holds the comparisons (conditions, caseworker words, m/u per level), the blocking
rules, and the prior expressed as expected matches per record, so that the probability that two
random records match can be set for the size of the data being linked. ``load_model`` checks
the format name, the version, the shape of every part and a SHA-256 checksum over the content,
and raises :class:`ModelFileError` with a plain message when any of them is wrong.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from peyvand.linkage.internals.assignment import CALIBRATION_RANGE
from peyvand.linkage.internals.comparisons import CONDITION_KINDS, BlockingRule, Comparison
from peyvand.linkage.internals.errors import ModelFileError

MODEL_FORMAT = "peyvand-linkage-model"
MODEL_VERSION = 1
MIN_POPULATION = 1000


@dataclass
class LinkageModel:
    """A Fellegi–Sunter model: comparisons with m/u, blocking rules and the prior."""

    kind: str
    comparisons: list[Comparison]
    blocking_rules: list[BlockingRule]
    matches_per_record: float = 1.0
    notes: dict[str, Any] = field(default_factory=dict)
    calibration_bits: float = 0.0
    """Added to a request's match weights before its one-person probabilities (``assignment``)."""

    def prior_probability(self, record_count: int) -> float:
        """Probability that two random records match, for a data set of ``record_count``.

        Small files are treated as drawn from at least ``MIN_POPULATION`` records, so a file
        of ten names does not assume each name matches one in ten.
        """
        pairs_per_record = max(record_count - 1, MIN_POPULATION)
        return min(max(self.matches_per_record / pairs_per_record, 1e-9), 0.5)

    def prior_weight(self, record_count: int) -> float:
        """The prior as a match weight (log2 odds)."""
        p = self.prior_probability(record_count)
        return math.log2(p / (1 - p))

    def content(self) -> dict[str, Any]:
        """The checksummed content of the model file."""
        return {
            "kind": self.kind,
            "matches_per_record": self.matches_per_record,
            "calibration_bits": self.calibration_bits,
            "blocking_rules": [[list(pair) for pair in rule] for rule in self.blocking_rules],
            "comparisons": [c.to_dict() for c in self.comparisons],
            "notes": self.notes,
        }


def _checksum(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def save_model(model: LinkageModel, path: str | Path) -> None:
    """Write ``model`` to ``path`` as versioned JSON with a content checksum."""
    content = model.content()
    document = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "sha256": _checksum(content),
        "content": content,
    }
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
    Path(path).write_text(text + "\n", encoding="utf-8")


def _check_level(where: str, level: dict[str, Any]) -> None:
    for key in ("label", "condition", "text", "m_probability", "u_probability"):
        if key not in level:
            raise ModelFileError(f"{where}: level has no '{key}'")
    if level["condition"].get("kind") not in CONDITION_KINDS:
        raise ModelFileError(f"{where}: unknown condition kind {level['condition'].get('kind')!r}")
    if level.get("is_null"):
        return
    for key in ("m_probability", "u_probability"):
        value = level[key]
        if not isinstance(value, int | float) or not 0 < value <= 1:
            raise ModelFileError(f"{where}: {key} must be a probability in (0, 1], got {value!r}")


def _check_content(content: Any) -> dict[str, Any]:
    if not isinstance(content, dict):
        raise ModelFileError("model content is not an object")
    for key in ("kind", "matches_per_record", "blocking_rules", "comparisons"):
        if key not in content:
            raise ModelFileError(f"model content has no '{key}'")
    bits = content.get("calibration_bits", 0.0)
    if not isinstance(bits, int | float) or not abs(bits) <= CALIBRATION_RANGE[1]:
        limit = CALIBRATION_RANGE[1]
        raise ModelFileError(f"calibration_bits must be a number within ±{limit:g}, got {bits!r}")
    if not content["blocking_rules"]:
        raise ModelFileError("model has no blocking rules; blocking is mandatory")
    for rule in content["blocking_rules"]:
        if not rule or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(c, str) for c in pair)
            for pair in rule
        ):
            raise ModelFileError(f"blocking rule {rule!r} is not a list of column pairs")
    for comparison in content["comparisons"]:
        for key in ("name", "title", "shown_column", "levels"):
            if key not in comparison:
                raise ModelFileError(f"comparison has no '{key}'")
        for level in comparison["levels"]:
            _check_level(f"comparison {comparison['name']!r}", level)
    return content


def model_from_document(document: Any, source: str = "model") -> LinkageModel:
    """Validate a parsed model document and build the model; raise ModelFileError if invalid."""
    if not isinstance(document, dict) or document.get("format") != MODEL_FORMAT:
        raise ModelFileError(f"{source} is not a Peyvand linkage model file", "not_model")
    if document.get("version") != MODEL_VERSION:
        raise ModelFileError(
            f"{source} has model version {document.get('version')!r}; this Peyvand reads "
            f"version {MODEL_VERSION}. Retrain or convert the model.",
            "version",
        )
    content = _check_content(document.get("content"))
    if document.get("sha256") != _checksum(content):
        raise ModelFileError(
            f"{source} fails its checksum: the file was edited or damaged after it was saved",
            "checksum",
        )
    return LinkageModel(
        kind=content["kind"],
        comparisons=[Comparison.from_dict(c) for c in content["comparisons"]],
        blocking_rules=[[(a, b) for a, b in rule] for rule in content["blocking_rules"]],
        matches_per_record=float(content["matches_per_record"]),
        notes=dict(content.get("notes", {})),
        calibration_bits=float(content.get("calibration_bits", 0.0)),
    )


def load_model(path: str | Path) -> LinkageModel:
    """Read and validate a model file written by :func:`save_model`."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"cannot read model file {path}: {exc}", "unreadable") from exc
    return model_from_document(document, source=str(path))


def load_default_model(name: str = "default") -> LinkageModel:
    """Load a model shipped with the package (``models/<name>.json``)."""
    text = resources.files("peyvand.linkage").joinpath("models", f"{name}.json").read_text("utf-8")
    return model_from_document(json.loads(text), source=f"shipped model {name!r}")
