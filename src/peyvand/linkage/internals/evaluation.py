"""``peyvand names eval``: cross-script precision, recall, F1 and recall@10, with two peers.

The peers are what a team without this engine would do: romanise with ``unidecode`` and compare
with Jaro-Winkler, or strip both sides to consonants and compare with Jaro-Winkler. Each peer
gets its best threshold chosen in hindsight. They need the dev-only packages ``unidecode``,
``rapidfuzz`` and ``numpy``; the engine itself never imports them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peyvand.linkage.internals.errors import LinkageInputError
from peyvand.linkage.internals.model import LinkageModel
from peyvand.linkage.internals.name_clusters import ClusterRow, read_clusters
from peyvand.linkage.internals.names import TOP_CANDIDATES, score_names


@dataclass(frozen=True)
class CrossScriptScores:
    """Cross-script figures of one matcher on one file."""

    matcher: str
    threshold: float
    precision: float
    recall: float
    f1: float
    recall_at_10: float
    seconds: float


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def true_cross_pairs(rows: Sequence[ClusterRow]) -> set[tuple[str, str]]:
    """``(persian_id, latin_id)`` pairs whose merged labels agree."""
    latin_by_label: dict[str, list[str]] = {}
    for row in rows:
        if row.script == "latn":
            latin_by_label.setdefault(row.label, []).append(row.record_id)
    return {
        (row.record_id, latin)
        for row in rows
        if row.script == "fa"
        for latin in latin_by_label.get(row.label, ())
    }


def engine_scores(
    rows: Sequence[ClusterRow], model: LinkageModel | None = None, threshold: float = 0.5
) -> CrossScriptScores:
    """Run the engine on ``rows`` and score its cross-script pairs."""
    start = time.perf_counter()
    pairs = score_names(((r.record_id, r.name) for r in rows), model)
    seconds = time.perf_counter() - start
    script = {r.record_id: r.script for r in rows}
    truth = true_cross_pairs(rows)
    predicted: set[tuple[str, str]] = set()
    top: set[tuple[str, str]] = set()
    for pair in pairs:
        a, b = pair.record_id_l, pair.record_id_r
        if script[a] == script[b]:
            continue
        key = (a, b) if script[a] == "fa" else (b, a)
        if pair.best_rank <= TOP_CANDIDATES:
            top.add(key)
        if pair.match_probability >= threshold:
            predicted.add(key)
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    recall_at_10 = len(top & truth) / len(truth) if truth else 0.0
    return CrossScriptScores(
        "peyvand", threshold, precision, recall, _f1(precision, recall), recall_at_10, seconds
    )


def _peer_forms() -> dict[str, Callable[[str], str]]:
    try:
        from unidecode import unidecode
    except ImportError as exc:  # pragma: no cover - dev dependency
        raise LinkageInputError("the peers need the dev extra: pip install -e .[dev]") from exc

    def romanised(name: str) -> str:
        return " ".join(re.sub(r"[^a-z ]", "", unidecode(name).lower()).split())

    def consonants(name: str) -> str:
        return re.sub(r"[aeiouy ]", "", romanised(name))

    return {"unidecode + Jaro-Winkler": romanised, "consonants + Jaro-Winkler": consonants}


def _peer_pass(
    queries: list[str], choices: list[str], query_labels: Any, choice_labels: Any
) -> tuple[Any, Any, set[tuple[int, int]]]:
    """Histogram of true/false scores (100 bins) and each query's top-10 choice indices."""
    import numpy as np
    from rapidfuzz.distance import JaroWinkler
    from rapidfuzz.process import cdist

    true_hist = np.zeros(101, dtype=np.int64)
    false_hist = np.zeros(101, dtype=np.int64)
    top: set[tuple[int, int]] = set()
    for start in range(0, len(queries), 500):
        block = cdist(
            queries[start : start + 500],
            choices,
            scorer=JaroWinkler.similarity,
            dtype=np.float32,
            workers=-1,
        )
        same = query_labels[start : start + 500, None] == choice_labels[None, :]
        bins = np.floor(block * 100).astype(np.int64)
        true_hist += np.bincount(bins[same], minlength=101)
        false_hist += np.bincount(bins[~same], minlength=101)
        best = np.argpartition(-block, min(TOP_CANDIDATES, block.shape[1] - 1), axis=1)
        for i, row in enumerate(best[:, :TOP_CANDIDATES]):
            top.update((start + i, int(j)) for j in row)
    return true_hist, false_hist, top


def peer_scores(
    rows: Sequence[ClusterRow], name: str, form: Callable[[str], str]
) -> CrossScriptScores:
    """Score one peer on the cross-script pairs, at its best threshold in hindsight."""
    import numpy as np

    start = time.perf_counter()
    fa = [r for r in rows if r.script == "fa"]
    latn = [r for r in rows if r.script == "latn"]
    label_ids = {label: i for i, label in enumerate({r.label for r in rows})}
    fa_labels = np.array([label_ids[r.label] for r in fa])
    latn_labels = np.array([label_ids[r.label] for r in latn])
    fa_text, latn_text = [form(r.name) for r in fa], [form(r.name) for r in latn]
    true_hist, false_hist, top_fa = _peer_pass(fa_text, latn_text, fa_labels, latn_labels)
    _, _, top_latn = _peer_pass(latn_text, fa_text, latn_labels, fa_labels)
    found = top_fa | {(i, j) for j, i in top_latn}
    truth_total = int(true_hist.sum())
    found_true = sum(1 for i, j in found if fa_labels[i] == latn_labels[j])
    tp = np.cumsum(true_hist[::-1])[::-1]
    fp = np.cumsum(false_hist[::-1])[::-1]
    precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
    recall = tp / max(truth_total, 1)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall + 1e-12), 0)
    best = int(np.argmax(f1))
    return CrossScriptScores(
        name,
        best / 100,
        float(precision[best]),
        float(recall[best]),
        float(f1[best]),
        found_true / max(truth_total, 1),
        time.perf_counter() - start,
    )


def format_scores(scores: Sequence[CrossScriptScores]) -> str:
    """A plain-text table of matchers side by side."""
    lines = [
        f"{'matcher':28} {'thresh':>6} {'prec':>6} {'recall':>6} {'F1':>6} {'R@10':>6} {'sec':>6}"
    ]
    for s in scores:
        lines.append(
            f"{s.matcher:28} {s.threshold:6.2f} {s.precision:6.3f} {s.recall:6.3f} "
            f"{s.f1:6.3f} {s.recall_at_10:6.3f} {s.seconds:6.1f}"
        )
    return "\n".join(lines)


def eval_names(
    clusters_csv: str | Path, model: LinkageModel | None = None, with_peers: bool = True
) -> str:
    """Contract of ``peyvand names eval CLUSTERS.csv``; return the report text.

    Prints cross-script precision, recall and F1 at probability ≥ 0.5 and recall@10 for the
    engine, beside the two peers at their best thresholds in hindsight. Clusters sharing a
    Latin spelling count as one name.
    """
    rows = read_clusters(clusters_csv)
    if not any(r.script == "fa" for r in rows) or not any(r.script == "latn" for r in rows):
        raise LinkageInputError(f"{clusters_csv} needs both fa and latn rows to evaluate")
    scores = [engine_scores(rows, model)]
    if with_peers:
        scores += [peer_scores(rows, name, form) for name, form in _peer_forms().items()]
    truth = len(true_cross_pairs(rows))
    header = f"{clusters_csv}: {len(rows)} names, {truth} true cross-script pairs"
    return header + "\n" + format_scores(scores)
