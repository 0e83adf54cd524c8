"""`peyvand link … --train` and `--model FILE`: a model fitted to the files, saved and reused."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from peyvand.linkage.internals.model import LinkageModel
from peyvand.linkage.internals.people_batch import load_default_people_model, load_people_model
from peyvand.linkage.internals.synthetic_latin import FIELDS, same_script_task

COLUMNS = ",".join(f"{field}={field}" for field in FIELDS)
NAMES_MODEL = Path(__file__).resolve().parents[2] / "src/peyvand/linkage/models/names.json"


@dataclass(frozen=True)
class TrainedRun:
    a_csv: Path
    b_csv: Path
    output: Path
    model_path: Path
    printed: str


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _link(*args: str) -> str:
    out = StringIO()
    call_command("link", *args, "--columns", COLUMNS, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> TrainedRun:
    """Two generated files of 400 records, linked once with --train (default model path)."""
    folder = tmp_path_factory.mktemp("link_training")
    task = same_script_task(400, seed=21)
    a_csv, b_csv = _write(folder / "a.csv", task.a_rows), _write(folder / "b.csv", task.b_rows)
    output = folder / "pairs.csv"
    printed = _link(str(a_csv), str(b_csv), "-o", str(output), "--train")
    return TrainedRun(a_csv, b_csv, output, folder / "pairs.model.json", printed)


def _level(model: LinkageModel, comparison: str, label: str) -> tuple[float, float]:
    found = next(c for c in model.comparisons if c.name == comparison)
    level = next(lv for lv in found.levels if lv.label == label)
    return level.m_probability or 0.0, level.u_probability or 0.0


def test_train_saves_a_checksummed_model_beside_the_output_and_says_where(
    trained: TrainedRun,
) -> None:
    assert str(trained.model_path) in trained.printed
    document = json.loads(trained.model_path.read_text(encoding="utf-8"))
    assert document["format"] == "peyvand-linkage-model"
    assert len(document["sha256"]) == 64
    model = load_people_model(trained.model_path)
    assert "a.csv and b.csv: 400 records linked to 400" in model.notes["trained_on"]


def test_trained_model_moves_m_and_u_the_way_the_data_says(trained: TrainedRun) -> None:
    shipped, model = load_default_people_model(), load_people_model(trained.model_path)
    # The shipped model saw only valid national codes, so a plain equal number was rare for
    # a match; here IDs are nine-digit numbers and most true pairs share theirs.
    assert _level(shipped, "national_id", "same")[0] < 0.01
    assert _level(model, "national_id", "same")[0] > 0.6
    # Full dates are on nearly every record here, on few in the shipped model's training data.
    assert _level(model, "birth", "same date")[0] > _level(shipped, "birth", "same date")[0] + 0.4
    # 150 places drawn with Zipf frequencies: two random people share one more often.
    assert (
        _level(model, "birthplace", "same spelling")[1]
        > 1.5 * _level(shipped, "birthplace", "same spelling")[1]
    )
    # Half of file A is in file B.
    assert 0.4 < model.matches_per_record < 0.6


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_linking_with_the_saved_model_reproduces_the_trained_run(
    trained: TrainedRun, tmp_path: Path
) -> None:
    again = tmp_path / "again.csv"
    _link(
        str(trained.a_csv), str(trained.b_csv), "-o", str(again), "--model", str(trained.model_path)
    )
    assert again.read_text(encoding="utf-8") == trained.output.read_text(encoding="utf-8")
    assert len(_rows(again)) > 150
    shipped = tmp_path / "shipped.csv"
    _link(str(trained.a_csv), str(trained.b_csv), "-o", str(shipped))
    assert shipped.read_text(encoding="utf-8") != again.read_text(encoding="utf-8")


def test_save_model_names_the_file_and_train_starts_from_model(
    trained: TrainedRun, tmp_path: Path
) -> None:
    chosen = tmp_path / "mine.json"
    printed = _link(
        str(trained.a_csv),
        str(trained.b_csv),
        "-o",
        str(tmp_path / "retrained.csv"),
        "--train",
        "--model",
        str(trained.model_path),
        "--save-model",
        str(chosen),
    )
    assert str(chosen) in printed
    model = load_people_model(chosen)
    assert model.notes["started_from"].startswith("a.csv and b.csv")
    assert "400 records" in model.notes["trained_on"]


def _corrupt(source: Path, target: Path) -> Path:
    document = json.loads(source.read_text(encoding="utf-8"))
    document["content"]["matches_per_record"] = 0.9
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda run, tmp: _corrupt(run.model_path, tmp / "edited.json"), "fails its checksum"),
        (lambda run, tmp: NAMES_MODEL, "model for names alone"),
        (lambda run, tmp: run.a_csv, "Cannot read the model file"),
        (lambda run, tmp: tmp / "absent.json", "Cannot read the model file"),
    ],
)
def test_a_bad_model_file_is_refused_with_a_clear_message(
    trained: TrainedRun, tmp_path: Path, make: object, message: str
) -> None:
    path = make(trained, tmp_path)  # type: ignore[operator]
    with pytest.raises(CommandError, match=message):
        _link(str(trained.a_csv), "-o", str(tmp_path / "o.csv"), "--model", str(path))
    assert not (tmp_path / "o.csv").exists()


def test_the_cli_refuses_a_bad_model_in_one_line_and_exits_non_zero(
    trained: TrainedRun, tmp_path: Path
) -> None:
    edited = _corrupt(trained.model_path, tmp_path / "edited.json")
    command = [sys.executable, "-m", "peyvand.cli", "link", str(trained.a_csv)]
    result = subprocess.run(
        [*command, "--columns", COLUMNS, "-o", str(tmp_path / "o.csv"), "--model", str(edited)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "fails its checksum" in lines[0]
    assert "Traceback" not in result.stderr


def test_save_model_without_train_is_refused(trained: TrainedRun, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--train"):
        _link(str(trained.a_csv), "-o", str(tmp_path / "o.csv"), "--save-model", "x.json")


def test_train_deduplicates_one_file_with_a_model_fitted_to_it(tmp_path: Path) -> None:
    task = same_script_task(300, seed=22)
    both = _write(tmp_path / "both.csv", task.a_rows + task.b_rows)
    output = tmp_path / "dedupe.csv"
    _link(str(both), "-o", str(output), "--train")
    model = load_people_model(tmp_path / "dedupe.model.json")
    assert "600 records" in model.notes["trained_on"]
    assert _level(model, "national_id", "same")[0] > 0.6
    linked = {
        frozenset((row["record_id_l"], row["record_id_r"]))
        for row in _rows(output)
        if float(row["match_probability"]) >= 0.5
    }
    truth = {frozenset(pair) for pair in task.truth}
    assert len(linked & truth) > 0.9 * len(truth)
    assert len(linked - truth) < 0.1 * len(truth)
