"""Same-script benchmark: two Latin-script files with typos in every field and known links.

The generator (``peyvand.linkage.internals.synthetic_latin``) writes file A of ``--size``
persons and file B of ``--size`` rows, half of them copies of A's persons written again with
errors, half new persons. Names are built from syllables (no list of real names), drawn with Zipf
frequencies so namesakes are common. Error rates of B's copies, each field independently:

- given name: 12 % one typing slip (a letter inserted, deleted or substituted, or two adjacent
  letters transposed), 6 % truncated to its first 3–4 letters, 2 % missing;
- family name: 12 % one typing slip, 1 % missing;
- date of birth: 4 % day and month swapped (day ≤ 12), 6 % year one off, 4 % another day,
  6 % missing;
- birthplace: 10 % one typing slip, 10 % missing;
- ID (9 digits): 5 % one digit changed, 5 % two adjacent digits swapped, 20 % missing;
- in A and in B's new persons: ID missing for 10 %, birthplace for 5 %.

For each seed it runs ``peyvand link A B`` with the shipped model and with ``--train`` (each
a process of its own, timed from start to exit), and a plain Splink model trained by EM on
the same files with the same fields (``plain_splink.plain_splink_csv``, also its own process),
and prints precision, recall, F1 at probability ≥ 0.5, seconds, the true pairs no blocking
rule lets through ("never compared"), and the ratios beside the issue's targets: F1 ≥ the
plain Splink model's and time ≤ 2× its time.

Engine changes were tuned on seeds 1 and 2 only; seeds 3–5 are the held-out check.

Run: ``.venv/bin/python -m benchmarks.bench_same_script [--size N] [--seed S ...]``
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from peyvand.linkage.internals.people_batch import never_compared
from peyvand.linkage.internals.record_linkage import read_sides
from peyvand.linkage.internals.synthetic_latin import FIELDS, SameScriptTask, same_script_task

COLUMNS = ",".join(f"{field}={field}" for field in FIELDS)
TARGET_F1_RATIO = 1.0
TARGET_TIME_RATIO = 2.0


@dataclass(frozen=True)
class Run:
    """One matcher's figures on one seed."""

    precision: float
    recall: float
    seconds: float
    never_compared: int

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _scores(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float]:
    hits = len(predicted & truth)
    return hits / max(len(predicted), 1), hits / max(len(truth), 1)


def _timed(command: list[str]) -> tuple[str, float]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 - our own CLI and modules
    return done.stdout, time.perf_counter() - start


def run_peyvand(folder: Path, task: SameScriptTask, lost: int, train: bool) -> Run:
    """``peyvand link A B`` (``--train``: fitted to the files first), scored against truth."""
    out = folder / ("trained.csv" if train else "shipped.csv")
    command = [sys.executable, "-m", "peyvand.cli", "link", str(folder / "a.csv")]
    command += [str(folder / "b.csv"), "--columns", COLUMNS, "-o", str(out)]
    _, seconds = _timed([*command, "--train"] if train else command)
    with out.open(encoding="utf-8") as handle:
        predicted = {
            (row["record_id_l"].removeprefix("a:"), row["record_id_r"].removeprefix("b:"))
            for row in csv.DictReader(handle)
            if float(row["match_probability"]) >= 0.5
        }
    return Run(*_scores(predicted, task.truth), seconds, lost)


def run_plain(folder: Path, task: SameScriptTask) -> Run:
    """The plain Splink model, trained and run in a process of its own."""
    command = [sys.executable, "-m", "benchmarks.plain_splink"]
    stdout, seconds = _timed([*command, str(folder / "a.csv"), str(folder / "b.csv")])
    found = json.loads(stdout.strip().splitlines()[-1])
    predicted = {(a, b) for a, b in found["pairs"]}
    compared = {(a, b) for a, b in found["compared"]}
    return Run(*_scores(predicted, task.truth), seconds, len(task.truth - compared))


def peyvand_never_compared(folder: Path, task: SameScriptTask) -> int:
    """True pairs that no blocking rule of the shipped model lets through."""
    columns = {field: field for field in FIELDS}
    left, right = read_sides(folder / "a.csv", columns, folder / "b.csv")
    truth = {f"a:{a}": f"b:{b}" for a, b in task.truth}
    return len(never_compared(left, right, truth))


def _line(name: str, run: Run, plain: Run) -> str:
    f1_ratio, time_ratio = run.f1 / plain.f1, run.seconds / plain.seconds
    f1_mark = "ok" if f1_ratio >= TARGET_F1_RATIO else "MISSED"
    time_mark = "ok" if time_ratio <= TARGET_TIME_RATIO else "MISSED"
    return (
        f"  {name:<22} P {run.precision:.4f}  R {run.recall:.4f}  F1 {run.f1:.4f}  "
        f"{run.seconds:6.1f} s  never compared {run.never_compared:4.0f}  "
        f"F1/plain {f1_ratio:.4f} (≥ {TARGET_F1_RATIO:g}: {f1_mark})  "
        f"time/plain {time_ratio:.2f} (≤ {TARGET_TIME_RATIO:g}: {time_mark})"
    )


def bench_seed(size: int, seed: int) -> list[tuple[str, Run]]:
    """Every matcher on one generated pair of files."""
    task = same_script_task(size, seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder / "a.csv", task.a_rows)
        _write(folder / "b.csv", task.b_rows)
        lost = peyvand_never_compared(folder, task)
        plain = run_plain(folder, task)
        shipped = run_peyvand(folder, task, lost, train=False)
        trained = run_peyvand(folder, task, lost, train=True)
    print(f"seed {seed}: {size:,} × {size:,} records, {len(task.truth):,} true pairs")
    print(
        f"  {'plain Splink (EM)':<22} P {plain.precision:.4f}  R {plain.recall:.4f}  "
        f"F1 {plain.f1:.4f}  {plain.seconds:6.1f} s  never compared {plain.never_compared:4.0f}"
    )
    print(_line("peyvand (shipped)", shipped, plain))
    print(_line("peyvand --train", trained, plain), flush=True)
    return [("plain", plain), ("shipped", shipped), ("trained", trained)]


def main() -> None:
    """Run the seeds; print each one and the mean over them."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=3000, help="records in each file")
    parser.add_argument(
        "--seed", type=int, nargs="+", default=[3, 4, 5], help="held-out seeds (tuned on 1, 2)"
    )
    args = parser.parse_args()
    runs = [bench_seed(args.size, seed) for seed in args.seed]
    if len(runs) > 1:
        mean = [
            Run(*(sum(getattr(r[i][1], f) for r in runs) / len(runs) for f in Run.__annotations__))
            for i in range(3)
        ]
        print(f"mean over seeds {', '.join(map(str, args.seed))}")
        print(
            f"  {'plain Splink (EM)':<22} F1 {mean[0].f1:.4f}  {mean[0].seconds:6.1f} s  "
            f"never compared {mean[0].never_compared:.1f}"
        )
        print(_line("peyvand (shipped)", mean[1], mean[0]))
        print(_line("peyvand --train", mean[2], mean[0]))


if __name__ == "__main__":
    main()
