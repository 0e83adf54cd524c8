"""Reading labelled name clusters (the ``../shared/data/names`` format) for training and eval.

Clusters that share a Latin spelling are one name (رضایی and رضائی both give Rezaei), so they
are merged into one label before anything is counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from peyvand.linkage.internals.errors import LinkageInputError
from peyvand.linkage.internals.name_input import iter_csv_rows


@dataclass(frozen=True)
class ClusterRow:
    """One written name from a cluster file, with its merged label."""

    record_id: str
    cluster_id: str
    script: str
    name: str
    label: str


def _find(parent: dict[str, str], item: str) -> str:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def merge_shared_spellings(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    """Map each cluster id to a label shared by all clusters linked by a common Latin spelling.

    ``rows`` are ``(cluster_id, script, name)``.
    """
    parent: dict[str, str] = {}
    first_cluster_of_spelling: dict[str, str] = {}
    for cluster_id, script, name in rows:
        parent.setdefault(cluster_id, cluster_id)
        if script != "latn":
            continue
        spelling = " ".join(name.casefold().split())
        other = first_cluster_of_spelling.setdefault(spelling, cluster_id)
        a, b = _find(parent, cluster_id), _find(parent, other)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {c: _find(parent, c) for c in parent}


def read_clusters(path: str | Path) -> list[ClusterRow]:
    """Read a cluster CSV (``cluster_id,script,name,…``) into rows with merged labels."""
    raw: list[tuple[str, str, str]] = []
    for line, row in iter_csv_rows(path, ("cluster_id", "script", "name")):
        name = row["name"].strip()
        if not name:
            raise LinkageInputError(f"{path}, line {line}: empty name")
        raw.append((row["cluster_id"].strip(), row["script"].strip(), name))
    labels = merge_shared_spellings(raw)
    return [
        ClusterRow(f"r{i}", cluster_id, script, name, labels[cluster_id])
        for i, (cluster_id, script, name) in enumerate(raw)
    ]


WeightedPool = list[list[tuple[str, float]]]


def weighted_variant_pools(
    path: str | Path, keep: str = "all"
) -> tuple[WeightedPool, WeightedPool]:
    """(given, family) variant sets from a units file, most common first, with counts.

    Each spelling comes with the number of people the source attests it for (``n=N``; 1 for
    the Persian label), so a generator can write common spellings often and one-off ones
    rarely. ``keep`` selects all, even or odd cluster numbers. Alias rows (the noisy ones)
    are left out. Used to feed the synthetic people generator; nothing here is shipped.
    """
    clusters: dict[str, list[tuple[str, float]]] = defaultdict(list)
    kinds: dict[str, str] = {}
    people: dict[str, int] = defaultdict(int)
    for _, row in iter_csv_rows(path, ("cluster_id", "script", "name", "kind")):
        if ":alias:" in row.get("source", ""):
            continue  # alias rows are the noisy ones (README: ~8% wrong); keep labels, en, fr
        digits = "".join(ch for ch in row["cluster_id"] if ch.isdigit())
        parity = "even" if int(digits or 0) % 2 == 0 else "odd"
        if keep not in ("all", parity):
            continue
        count = row.get("source", "").rsplit("n=", 1)
        attested = int(count[1]) if len(count) == 2 and count[1].isdigit() else 0
        clusters[row["cluster_id"]].append((row["name"].strip(), float(max(attested, 1))))
        kinds[row["cluster_id"]] = row["kind"]
        people[row["cluster_id"]] += attested
    # Most common names first: the generator draws rank r with weight falling in r.
    order = sorted(clusters, key=lambda c: -people[c])
    usable = {c: clusters[c] for c in order if len(clusters[c]) >= 2}
    given = [v for c, v in usable.items() if kinds[c] == "given"]
    family = [v for c, v in usable.items() if kinds[c] == "family"]
    return given, family


def variant_pools(path: str | Path, keep: str = "all") -> tuple[list[list[str]], list[list[str]]]:
    """(given, family) variant sets from a units file, most common first, without counts.

    Same sets as :func:`weighted_variant_pools`; every spelling is drawn equally often.
    """
    given, family = weighted_variant_pools(path, keep)
    return [[t for t, _ in v] for v in given], [[t for t, _ in v] for v in family]
