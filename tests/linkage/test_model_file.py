"""Model files: versioned JSON, validated on load, tampering detected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peyvand.linkage.internals.errors import ModelFileError
from peyvand.linkage.internals.model import MODEL_VERSION, load_model, save_model
from peyvand.linkage.internals.names import load_name_model
from peyvand.linkage.internals.people_batch import load_default_people_model


def test_shipped_name_model_loads() -> None:
    model = load_name_model()
    assert model.kind == "names"
    assert model.blocking_rules
    assert all(lv.m_probability for c in model.comparisons for lv in c.levels if not lv.is_null)


def _saved(tmp_path: Path) -> Path:
    path = tmp_path / "model.json"
    save_model(load_name_model(), path)
    return path


def test_round_trip(tmp_path: Path) -> None:
    assert load_model(_saved(tmp_path)).content() == load_name_model().content()


def test_tampered_file_is_rejected(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["content"]["comparisons"][0]["levels"][1]["m_probability"] = 0.999
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelFileError, match="checksum"):
        load_model(path)


def test_wrong_version_is_rejected(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["version"] = MODEL_VERSION + 1
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelFileError, match="version"):
        load_model(path)


def test_not_a_model_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(ModelFileError, match="not a Peyvand linkage model"):
        load_model(path)


def test_broken_json_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ModelFileError, match="cannot read"):
        load_model(path)


def test_shipped_people_model_loads_and_is_checked(tmp_path: Path) -> None:
    model = load_default_people_model()
    assert model.kind == "people"
    path = tmp_path / "default.json"
    save_model(model, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["content"]["matches_per_record"] = 50.0
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelFileError, match="checksum"):
        load_model(path)


def test_blocking_is_mandatory(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["content"]["blocking_rules"] = []
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelFileError, match="blocking is mandatory"):
        load_model(path)
