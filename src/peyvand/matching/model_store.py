"""Which linkage model the engine scores with: the active learned version, or the shipped one.

A version fitted on caseworkers' decisions (:class:`ModelVersion`) is used only once a
supervisor has activated it (``matching.model_versions``). Every process asks the database
which version is active each time it scores (one indexed read of a short string) and parses a
version's model file once, so an activation reaches every process at its next request.

The candidate index does not depend on m, u or the calibration: it stores comparison values,
comparison keys and blocking keys. Its rows carry :func:`index_version`, a name for the index
layout only (blocking rules and the columns read), so activating a re-weighted model does not
force a rebuild; a model with other comparisons or blocking rules does.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from peyvand.linkage import (
    LinkageModel,
    ModelFileError,
    comparison_key_columns,
    load_default_model,
    model_from_document,
)
from peyvand.matching.candidate_index import per_model, stored_columns, tf_columns
from peyvand.matching.models import ModelStatus, ModelVersion

_PARSED: dict[str, LinkageModel] = {}


@cache
def shipped_model() -> LinkageModel:
    """The person-level model shipped with the package."""
    return load_default_model("default")


@cache
def shipped_version() -> str:
    """The shipped model's version name, stored with the candidates it scored."""
    content = json.dumps(shipped_model().content(), sort_keys=True, ensure_ascii=False)
    return f"default-{hashlib.sha256(content.encode('utf-8')).hexdigest()[:12]}"


def learned_model(version: str) -> LinkageModel | None:
    """A stored version's model (parsed once per process); None for an unknown version."""
    known = _PARSED.get(version)
    if known is not None:
        return known
    document = ModelVersion.objects.filter(version=version).values_list("document", flat=True)
    found = document.first()
    if found is None:
        return None
    model = _PARSED[version] = model_from_document(found, source=f"model version {version}")
    return model


def model_for_version(version: str) -> LinkageModel | None:
    """The model a candidate pair was scored with, when it is still known."""
    if version == shipped_version():
        return shipped_model()
    try:
        return learned_model(version)
    except ModelFileError:
        return None


def active_model() -> tuple[str, LinkageModel]:
    """(version, model) the engine scores with now: the active version, else the shipped one."""
    rows = ModelVersion.objects.filter(status=ModelStatus.ACTIVE)
    version = rows.values_list("version", flat=True).first()
    if version is not None:
        model = learned_model(version)
        if model is not None:
            return version, model
    return shipped_version(), shipped_model()


def index_version(model: LinkageModel) -> str:
    """A name for what the candidate index stores under ``model``: its blocking rules and the
    columns it reads (never m, u or the calibration). Worked out once per model object."""
    version: str = per_model("index version", model, _layout_name)
    return version


def _layout_name(model: LinkageModel) -> str:
    layout = {
        "rules": [[list(pair) for pair in rule] for rule in model.blocking_rules],
        "stored": stored_columns(model),
        "keys": [list(columns) for columns in comparison_key_columns(model)],
        "tf": tf_columns(model),
    }
    text = json.dumps(layout, sort_keys=True, ensure_ascii=False)
    return f"index-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"
