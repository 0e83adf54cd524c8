"""Names benchmark: cross-script quality and speed on ``fullnames_dev.csv``, peers beside.

Run: ``.venv/bin/python -m benchmarks.bench_names`` (add ``--no-peers`` to skip the peers).
Also reports the held-out half (odd clusters; the shipped model is trained on even ones).
"""

from __future__ import annotations

import statistics
import sys
import time

from benchmarks.data_paths import names_data_dir
from benchmarks.train_name_model import is_training_cluster
from peyvand.linkage.internals.evaluation import (
    _peer_forms,
    engine_scores,
    format_scores,
    peer_scores,
    true_cross_pairs,
)
from peyvand.linkage.internals.name_clusters import read_clusters

TARGET_F1 = 0.92
TARGET_RECALL_AT_10 = 0.97
TARGET_SECONDS = 30.0


def _verdict(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def main(argv: list[str]) -> None:
    """Print the benchmark figures with their targets."""
    path = names_data_dir() / "fullnames_dev.csv"
    rows = read_clusters(path)
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        scores = engine_scores(rows)
        timings.append(time.perf_counter() - start)
    held_out = [r for r in rows if not is_training_cluster(r.cluster_id)]
    held = engine_scores(held_out)
    seconds = statistics.median(timings)
    print(f"{path}: {len(rows)} names, {len(true_cross_pairs(rows))} true cross-script pairs")
    okf = scores.f1 >= TARGET_F1
    print(f"F1 at 0.5        {scores.f1:.3f}  target >= {TARGET_F1}  {_verdict(okf)}")
    ok10 = scores.recall_at_10 >= TARGET_RECALL_AT_10
    r10 = scores.recall_at_10
    print(f"recall@10        {r10:.3f}  target >= {TARGET_RECALL_AT_10}  {_verdict(ok10)}")
    okt = seconds <= TARGET_SECONDS
    print(f"seconds (median) {seconds:.1f}  target <= {TARGET_SECONDS}  {_verdict(okt)}")
    print(f"held-out half (odd clusters): F1 {held.f1:.3f}, recall@10 {held.recall_at_10:.3f}")
    table = [scores]
    if "--no-peers" not in argv:
        table += [peer_scores(rows, name, form) for name, form in _peer_forms().items()]
    print(format_scores(table))


if __name__ == "__main__":
    main(sys.argv[1:])
