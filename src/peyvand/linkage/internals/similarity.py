"""String similarity used by comparison levels, computed the same way as DuckDB does.

The online path scores pairs in Python; the batch path asks DuckDB's
``jaro_winkler_similarity`` and ``levenshtein``. Both must put a pair in the same level. RapidFuzz
implements the same definitions (Winkler prefix of at most 4, scaling 0.1, boost only above
0.7); a test compares the two on thousands of real name pairs.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein


@lru_cache(maxsize=262_144)
def jaro_winkler_similarity(left: str, right: str) -> float:
    """Jaro-Winkler similarity in [0, 1] (prefix up to 4 characters, scaling 0.1, boost above
    0.7); 0 when either string is empty, as in DuckDB.

    Cached: the online path compares the same common names again and again.
    """
    if not left or not right:
        return 0.0
    return float(JaroWinkler.similarity(left, right, prefix_weight=0.1))


def levenshtein_distance(left: str, right: str) -> int:
    """Edits (insert, delete, substitute one character) that turn one string into the other,
    as DuckDB's and Spark's ``levenshtein``."""
    return int(Levenshtein.distance(left, right))
