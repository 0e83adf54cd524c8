"""String similarity used by comparison levels, computed the same way as DuckDB does.

The online path scores pairs in Python; the batch path asks DuckDB's
``jaro_winkler_similarity``. Both must put a pair in the same level, so this module follows
DuckDB's definition (Winkler prefix of at most 4, scaling 0.1, boost only above 0.7).
"""

from __future__ import annotations

from functools import lru_cache


def jaro_similarity(left: str, right: str) -> float:
    """Jaro similarity of two strings in [0, 1]; 0 when either is empty."""
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    window = max(max(len(left), len(right)) // 2 - 1, 0)
    right_taken = [False] * len(right)
    left_matches: list[str] = []
    for i, ch in enumerate(left):
        start, stop = max(0, i - window), min(len(right), i + window + 1)
        for j in range(start, stop):
            if not right_taken[j] and right[j] == ch:
                right_taken[j] = True
                left_matches.append(ch)
                break
    matches = len(left_matches)
    if matches == 0:
        return 0.0
    right_matches = [ch for ch, taken in zip(right, right_taken, strict=True) if taken]
    half_transpositions = sum(a != b for a, b in zip(left_matches, right_matches, strict=True))
    transpositions = half_transpositions // 2
    return (matches / len(left) + matches / len(right) + (matches - transpositions) / matches) / 3.0


@lru_cache(maxsize=262_144)
def jaro_winkler_similarity(left: str, right: str) -> float:
    """Jaro-Winkler similarity (prefix up to 4 characters, scaling 0.1, boost above 0.7).

    Cached: the online path compares the same common names again and again.
    """
    jaro = jaro_similarity(left, right)
    if jaro <= 0.7:
        return jaro
    prefix = 0
    for a, b in zip(left[:4], right[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1.0 - jaro)


@lru_cache(maxsize=65_536)
def levenshtein_distance(left: str, right: str) -> int:
    """Edits (insert, delete, substitute one character) that turn one string into the other,
    as DuckDB's and Spark's ``levenshtein``."""
    if len(left) < len(right):
        left, right = right, left
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, start=1):
        current = [i]
        for j, b in enumerate(right, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]
