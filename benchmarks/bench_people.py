"""People benchmark: registry of 100,000 synthetic persons vs 10,000 tracing requests.

Prints F1 at probability ≥ 0.5, wall time and peak memory of the batch path with their
targets, the comparison count reported before the run, the same job with a plain Splink
model on romanised names (for the ratio), and the online path's p95 latency per request
against the 100,000-person index.

Run: ``.venv/bin/python -m benchmarks.bench_people [--registry N] [--requests N] [--no-plain]
[--seed S] [--model FILE]``. Also prints the true pairs that no blocking rule lets through
("true pairs never compared"). Names come from the odd clusters of ``units_dev.csv`` (the
shipped model trained on even ones), each spelling drawn as often as the source attests it
(see ``people_data``).
The reported run uses generator seed 3. Engine changes were first tried on seed 5 only; later
ones (swapped names, compounds, typed-round letters, calibration) were compared on seeds 5
and 3, so seeds 7 and 9, never looked at while tuning, are the held-out check (``--seed 7``).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from benchmarks.data_paths import names_data_dir
from benchmarks.people_data import BIRTHPLACES, unit_pools
from benchmarks.plain_splink import plain_splink_f1
from peyvand.linkage.internals.model import LinkageModel, load_model
from peyvand.linkage.internals.online import OnlineIndex
from peyvand.linkage.internals.people_batch import (
    link_people,
    load_default_people_model,
    never_compared,
)
from peyvand.linkage.internals.synthetic import LinkageTask, PeopleGenerator, make_task

TARGET_F1 = 0.97
TARGET_SECONDS = 60.0
TARGET_PEAK_GB = 4.0
TARGET_P95_MS = 50.0


def pair_f1(predicted: set[tuple[str, str]], truth: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted (request, registry) pairs."""
    true_pairs = set(truth.items())
    hits = len(predicted & true_pairs)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(true_pairs) if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def run_batch(task: LinkageTask, model: LinkageModel | None = None) -> tuple[float, float]:
    """Link the task with ``model`` (the shipped one by default); return (F1, seconds)."""
    start = time.perf_counter()
    pairs = link_people(task.requests, task.registry, model, threshold=0.5, report=print)
    seconds = time.perf_counter() - start
    predicted = {(p.record_id_l, p.record_id_r) for p in pairs if p.match_probability >= 0.5}
    precision, recall, f1 = pair_f1(predicted, task.truth)
    print(f"batch: precision {precision:.3f}, recall {recall:.3f}")
    lost = never_compared(task.requests, task.registry, task.truth, model)
    print(f"true pairs never compared {len(lost):,} of {len(task.truth):,}")
    return f1, seconds


def run_online(task: LinkageTask, queries: int = 1000, model: LinkageModel | None = None) -> float:
    """Index the registry, time ``queries`` warm requests; return p95 in milliseconds."""
    index = OnlineIndex(model or load_default_people_model())
    start = time.perf_counter()
    index.add(task.registry)
    print(f"online: indexed {len(index):,} records in {time.perf_counter() - start:.1f} s")
    for record in task.requests[:20]:  # warm up caches
        index.candidates(record)
    timings = []
    for record in task.requests[:queries]:
        start = time.perf_counter()
        index.candidates(record, top_n=10)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(timings, n=20)[-1]


def main() -> None:
    """Run the benchmark and print figures beside targets."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--no-plain", action="store_true")
    parser.add_argument("--no-online", action="store_true")
    parser.add_argument("--seed", type=int, default=3, help="generator seed (reported: 3)")
    parser.add_argument("--model", help="a model file to use instead of the shipped one")
    args = parser.parse_args()
    model = load_model(args.model) if args.model else None
    given, family = unit_pools(names_data_dir() / "units_dev.csv", keep="odd")
    task = make_task(
        PeopleGenerator(given, family, BIRTHPLACES, seed=args.seed), args.registry, args.requests
    )
    print(
        f"registry {len(task.registry):,}, requests {len(task.requests):,}, "
        f"true pairs {len(task.truth):,}"
    )
    f1, seconds = run_batch(task, model)
    peak = _peak_gb()
    print(f"F1 at 0.5      {f1:.3f}  target >= {TARGET_F1}  {'ok' if f1 >= TARGET_F1 else 'BELOW'}")
    print(
        f"seconds        {seconds:.1f}  target <= {TARGET_SECONDS}  "
        f"{'ok' if seconds <= TARGET_SECONDS else 'ABOVE'}"
    )
    print(
        f"peak memory GB {peak:.2f}  target <= {TARGET_PEAK_GB}  "
        f"{'ok' if peak <= TARGET_PEAK_GB else 'ABOVE'}"
    )
    if not args.no_plain:
        plain_f1, plain_seconds = plain_splink_f1(task)
        ratio = f1 / plain_f1 if plain_f1 else float("inf")
        print(
            f"plain Splink on romanised names: F1 {plain_f1:.3f} in {plain_seconds:.1f} s; "
            f"ratio peyvand/plain {ratio:.2f}"
        )
    if not args.no_online:
        p95 = run_online(task, model=model)
        print(
            f"online p95 ms  {p95:.1f}  target <= {TARGET_P95_MS}  "
            f"{'ok' if p95 <= TARGET_P95_MS else 'ABOVE'}"
        )


if __name__ == "__main__":
    main()
