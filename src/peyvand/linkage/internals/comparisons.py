"""Comparisons declared as data, evaluated in SQL (batch) or in Python (online).

A comparison is a list of levels, tried top to bottom; the first level whose *condition* holds
is the pair's level. A condition is a small JSON-able dict such as
``{"kind": "equal", "column": "family_sound"}`` or
``{"kind": "jaro_winkler_at_least", "column": "family_skeleton", "threshold": 0.9}``. Each kind
has one SQL template and one Python evaluator, written side by side below, so the two paths put
every pair in the same level.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Any

from peyvand.linkage.internals.similarity import jaro_winkler_similarity, levenshtein_distance

Condition = Mapping[str, Any]


@dataclass(frozen=True)
class SqlDialect:
    """The few SQL spellings that differ between DuckDB and Spark."""

    name: str
    jaro_winkler: str
    has_all: Callable[[str, str], str]
    size: Callable[[str], str]
    head: Callable[[str, str], str]
    full_match: Callable[[str, str], str]
    adjacent_swap: Callable[[str, str], str]
    has_any: Callable[[str, str], str]


DUCKDB = SqlDialect(
    "duckdb",
    "jaro_winkler_similarity",
    lambda a, b: f"list_has_all({a}, {b})",
    lambda a: f"len({a})",
    lambda a, n: f"{a}[1:{n}]",
    lambda text, pattern: f"regexp_full_match({text}, {pattern})",
    lambda a, b: f"(damerau_levenshtein({a}, {b}) = 1 AND levenshtein({a}, {b}) = 2)",
    lambda a, b: f"list_has_any({a}, {b})",
)
SPARK = SqlDialect(
    "spark",
    "jaro_winkler",  # Splink registers this UDF on Spark
    lambda a, b: f"(size(array_except({b}, {a})) = 0)",
    lambda a: f"size({a})",
    lambda a, n: f"slice({a}, 1, {n})",
    lambda text, pattern: f"({text} RLIKE {pattern})",  # patterns are anchored (^…$)
    lambda a, b: (
        f"exists(sequence(1, length({a}) - 1), i -> {a} <> {b} AND concat(substr({a}, 1, i - 1), "
        f"substr({a}, i + 1, 1), substr({a}, i, 1), substr({a}, i + 2)) = {b})"
    ),
    lambda a, b: f"arrays_overlap({a}, {b})",
)
BlockingRule = Sequence[tuple[str, str]]
"""A blocking rule: pairs (left column, right column) that must all be equal."""
RecordValues = Mapping[str, Any]


def _both(cond: Condition, left: RecordValues, right: RecordValues) -> tuple[Any, Any] | None:
    """The pair's two values of ``cond["column"]``, or None when either is missing (a
    missing value agrees with nothing, as NULL does in SQL)."""
    a, b = left.get(cond["column"]), right.get(cond["column"])
    return None if a is None or b is None else (a, b)


def _sql_null(cond: Condition, d: SqlDialect) -> str:
    cols = cond["columns"]
    return " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in cols)


def _py_null(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    return any(left.get(c) is None or right.get(c) is None for c in cond["columns"])


def _sql_is_null(cond: Condition, d: SqlDialect) -> str:
    return f"{cond['column']}_{cond['side']} IS NULL"


def _py_is_null(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    return (left if cond["side"] == "l" else right).get(cond["column"]) is None


def _sql_equal(cond: Condition, d: SqlDialect) -> str:
    return f"{cond['column']}_l = {cond['column']}_r"


def _py_equal(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    both = _both(cond, left, right)
    return both is not None and both[0] == both[1]


def _sql_jaro_winkler(cond: Condition, d: SqlDialect) -> str:
    col = cond["column"]
    return f"{d.jaro_winkler}({col}_l, {col}_r) >= {float(cond['threshold'])!r}"


def _py_jaro_winkler(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    both = _both(cond, left, right)
    return both is not None and jaro_winkler_similarity(*both) >= float(cond["threshold"])


def _sql_crossed(cond: Condition, d: SqlDialect) -> str:
    a, b = cond["columns"]
    return f"({a}_l = {b}_r AND {b}_l = {a}_r)"


def _py_crossed(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    a, b = cond["columns"]
    la, lb, ra, rb = left.get(a), left.get(b), right.get(a), right.get(b)
    if la is None or lb is None or ra is None or rb is None:
        return False
    return bool(la == rb and lb == ra)


def _sql_crossed_jaro_winkler(cond: Condition, d: SqlDialect) -> str:
    a, b = cond["columns"]
    threshold = float(cond["threshold"])
    return (
        f"({d.jaro_winkler}({a}_l, {b}_r) >= {threshold!r} "
        f"AND {d.jaro_winkler}({b}_l, {a}_r) >= {threshold!r})"
    )


def _py_crossed_jaro_winkler(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    a, b = cond["columns"]
    la, lb, ra, rb = left.get(a), left.get(b), right.get(a), right.get(b)
    if la is None or lb is None or ra is None or rb is None:
        return False
    threshold = float(cond["threshold"])
    return (
        jaro_winkler_similarity(la, rb) >= threshold
        and jaro_winkler_similarity(lb, ra) >= threshold
    )


def _sql_affix(cond: Condition, d: SqlDialect) -> str:
    # The shorter value is the longer one's start (or end), which goes on for extra letters.
    col, extra = cond["column"], int(cond["extra_at_least"])
    cut = "left" if cond["at"] == "start" else "right"
    a, b = f"{col}_l", f"{col}_r"
    return (
        f"((length({a}) >= length({b}) + {extra} AND {cut}({a}, length({b})) = {b}) "
        f"OR (length({b}) >= length({a}) + {extra} AND {cut}({b}, length({a})) = {a}))"
    )


def _py_affix(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    col, extra = cond["column"], int(cond["extra_at_least"])
    a, b = left.get(col), right.get(col)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    found = long.startswith(short) if cond["at"] == "start" else long.endswith(short)
    return len(long) >= len(short) + extra and found


def _sql_levenshtein(cond: Condition, d: SqlDialect) -> str:
    col = cond["column"]
    return f"levenshtein({col}_l, {col}_r) <= {int(cond['at_most'])}"


def _py_levenshtein(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    both = _both(cond, left, right)
    return both is not None and levenshtein_distance(*both) <= int(cond["at_most"])


def _sql_substituted(cond: Condition, d: SqlDialect) -> str:
    # Same length and at most n edits: at most n characters replaced (for n = 1, exactly).
    col = cond["column"]
    return (
        f"(length({col}_l) = length({col}_r) "
        f"AND levenshtein({col}_l, {col}_r) <= {int(cond['at_most'])})"
    )


def _py_substituted(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    both = _both(cond, left, right)
    if both is None or len(both[0]) != len(both[1]):
        return False
    return levenshtein_distance(*both) <= int(cond["at_most"])


def _sql_adjacent_swap(cond: Condition, d: SqlDialect) -> str:
    # Two neighbouring characters typed the wrong way round, nothing else (1243 for 1234).
    col = cond["column"]
    return f"(length({col}_l) = length({col}_r) AND {d.adjacent_swap(f'{col}_l', f'{col}_r')})"


def _py_adjacent_swap(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    both = _both(cond, left, right)
    if both is None or len(both[0]) != len(both[1]) or both[0] == both[1]:
        return False
    a, b = both
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


def _sql_shares_any(cond: Condition, d: SqlDialect) -> str:
    # Left's list ``a`` and right's list ``b`` have a value in common (either way round).
    a, b = cond["columns"]
    return (
        f"(coalesce({d.has_any(f'{a}_l', f'{b}_r')}, false) "
        f"OR coalesce({d.has_any(f'{b}_l', f'{a}_r')}, false))"
    )


def _py_shares_any(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    a, b = cond["columns"]
    for one, other in ((left.get(a), right.get(b)), (left.get(b), right.get(a))):
        if one and other and set(one) & set(other):
            return True
    return False


def _sql_contains_all(cond: Condition, d: SqlDialect) -> str:
    col = cond["column"]
    return f"({d.has_all(f'{col}_l', f'{col}_r')} OR {d.has_all(f'{col}_r', f'{col}_l')})"


def _py_contains_all(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    a, b = set(left[cond["column"]]), set(right[cond["column"]])
    return a <= b or b <= a


def _sql_prefix(cond: Condition, d: SqlDialect) -> str:
    col = cond["column"]
    left, right = f"{col}_l", f"{col}_r"
    size_l, size_r = d.size(left), d.size(right)
    return (
        f"(({size_l} < {size_r} AND {d.head(right, size_l)} = {left}) OR "
        f"({size_r} < {size_l} AND {d.head(left, size_r)} = {right}))"
    )


def _py_prefix(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    a, b = list(left[cond["column"]]), list(right[cond["column"]])
    if len(a) > len(b):
        a, b = b, a
    return len(a) < len(b) and b[: len(a)] == a


def _sql_both_at_least(cond: Condition, d: SqlDialect) -> str:
    col, value = cond["column"], int(cond["value"])
    return f"least({col}_l, {col}_r) >= {value}"


def _py_both_at_least(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    both = _both(cond, left, right)
    return both is not None and min(both) >= int(cond["value"])


def _sql_abs_diff(cond: Condition, d: SqlDialect) -> str:
    col = cond["column"]
    return f"abs({col}_l - {col}_r) <= {int(cond['at_most'])}"


def _py_abs_diff(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    both = _both(cond, left, right)
    return both is not None and abs(both[0] - both[1]) <= int(cond["at_most"])


def _sql_shifted(cond: Condition, d: SqlDialect) -> str:
    # Jalali/Gregorian confusion: one side's year is the other's minus 621 or 622.
    col, lo, hi = cond["column"], int(cond["shift_min"]), int(cond["shift_max"])
    diff = f"abs({col}_l - {col}_r)"
    return f"({diff} BETWEEN {lo} AND {hi})"


def _py_shifted(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    both = _both(cond, left, right)
    if both is None:
        return False
    return int(cond["shift_min"]) <= abs(both[0] - both[1]) <= int(cond["shift_max"])


def _sql_fits_pattern(cond: Condition, d: SqlDialect) -> str:
    # One side's text fits the other side's regular expression (anchored ^…$).
    col, pat = cond["column"], cond["pattern"]
    return f"({d.full_match(f'{col}_r', f'{pat}_l')} OR {d.full_match(f'{col}_l', f'{pat}_r')})"


@lru_cache(maxsize=65_536)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _py_fits_pattern(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    col, pat = cond["column"], cond["pattern"]
    for text, pattern in ((right.get(col), left.get(pat)), (left.get(col), right.get(pat))):
        if text is not None and pattern is not None and _compiled(pattern).fullmatch(text):
            return True
    return False


def _sql_all(cond: Condition, d: SqlDialect) -> str:
    return "(" + " AND ".join(condition_sql(c, d) for c in cond["of"]) + ")"


def _py_all(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    return all(condition_holds(c, left, right) for c in cond["of"])


def _sql_any(cond: Condition, d: SqlDialect) -> str:
    return "(" + " OR ".join(condition_sql(c, d) for c in cond["of"]) + ")"


def _py_any(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    return any(condition_holds(c, left, right) for c in cond["of"])


def _sql_not(cond: Condition, d: SqlDialect) -> str:
    return f"NOT ({condition_sql(cond['of'], d)})"


def _py_not(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    return not condition_holds(cond["of"], left, right)


def _sql_else(cond: Condition, d: SqlDialect) -> str:
    return "ELSE"


def _py_else(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    return True


_SQL: dict[str, Callable[[Condition, SqlDialect], str]] = {
    "null": _sql_null,
    "is_null": _sql_is_null,
    "equal": _sql_equal,
    "jaro_winkler_at_least": _sql_jaro_winkler,
    "crossed": _sql_crossed,
    "crossed_jaro_winkler_at_least": _sql_crossed_jaro_winkler,
    "affix_of_other": _sql_affix,
    "levenshtein_at_most": _sql_levenshtein,
    "substituted_at_most": _sql_substituted,
    "adjacent_swap": _sql_adjacent_swap,
    "shares_any": _sql_shares_any,
    "contains_all": _sql_contains_all,
    "abs_diff_at_most": _sql_abs_diff,
    "both_at_least": _sql_both_at_least,
    "one_extends_other": _sql_prefix,
    "shifted": _sql_shifted,
    "fits_pattern": _sql_fits_pattern,
    "all": _sql_all,
    "any": _sql_any,
    "not": _sql_not,
    "else": _sql_else,
}
_PY: dict[str, Callable[[Condition, RecordValues, RecordValues], bool]] = {
    "null": _py_null,
    "is_null": _py_is_null,
    "equal": _py_equal,
    "jaro_winkler_at_least": _py_jaro_winkler,
    "crossed": _py_crossed,
    "crossed_jaro_winkler_at_least": _py_crossed_jaro_winkler,
    "affix_of_other": _py_affix,
    "levenshtein_at_most": _py_levenshtein,
    "substituted_at_most": _py_substituted,
    "adjacent_swap": _py_adjacent_swap,
    "shares_any": _py_shares_any,
    "contains_all": _py_contains_all,
    "abs_diff_at_most": _py_abs_diff,
    "both_at_least": _py_both_at_least,
    "one_extends_other": _py_prefix,
    "shifted": _py_shifted,
    "fits_pattern": _py_fits_pattern,
    "all": _py_all,
    "any": _py_any,
    "not": _py_not,
    "else": _py_else,
}
CONDITION_KINDS = frozenset(_SQL)


def condition_sql(cond: Condition, dialect: SqlDialect | None = None) -> str:
    """Render a condition as SQL over Splink's ``<column>_l`` and ``<column>_r`` names."""
    sql = _SQL[cond["kind"]](cond, dialect or DUCKDB)
    return sql if sql == "ELSE" else f"({sql})"


def condition_holds(cond: Condition, left: RecordValues, right: RecordValues) -> bool:
    """Evaluate a condition in Python on two records' computed values."""
    return _PY[cond["kind"]](cond, left, right)


Predicate = Callable[[RecordValues, RecordValues], bool]


def compile_condition(cond: Condition) -> Predicate:
    """A Python predicate equal to :func:`condition_holds` for ``cond``, built once.

    The online path tests thousands of candidates per request; resolving each condition's
    kind once, instead of per pair, keeps a request's scoring fast. A leaf is its evaluator
    with ``cond`` bound; groups are compiled once per distinct condition (see below).
    """
    kind = cond["kind"]
    if kind in ("all", "any"):
        return _compile_group(json.dumps(cond, sort_keys=True))
    if kind == "not":
        inner = compile_condition(cond["of"])
        return lambda left, right: not inner(left, right)
    if kind == "else":
        return lambda left, right: True
    return partial(_PY[kind], cond)


@lru_cache(maxsize=4096)
def _compile_group(text: str) -> Predicate:
    """An "all" or "any" predicate, one per distinct condition, remembering its last pair.

    Several comparisons test the same group for the same pair (the given and the family name
    both ask whether the whole name decided); the second asks get the first's answer.
    """
    cond = json.loads(text)
    parts = tuple(compile_condition(c) for c in cond["of"])
    wanted = cond["kind"] == "any"  # the answer that ends the search early
    # (left, right, result), replaced whole so that a thread reads one consistent triple.
    cell: list[tuple[Any, Any, bool]] = [(None, None, False)]

    def group(left: RecordValues, right: RecordValues) -> bool:
        memo = cell[0]
        if memo[0] is left and memo[1] is right:
            return memo[2]
        result = not wanted
        for part in parts:
            if bool(part(left, right)) == wanted:
                result = wanted
                break
        cell[0] = (left, right, result)
        return result

    return group


@dataclass
class Level:
    """One comparison level: its condition, the words a caseworker reads, and m/u."""

    label: str
    condition: dict[str, Any]
    text: str
    is_null: bool = False
    m_probability: float | None = None
    u_probability: float | None = None
    tf_column: str | None = None

    @cached_property
    def holds(self) -> Predicate:
        """The condition compiled once (:func:`compile_condition`); it is not edited later."""
        return compile_condition(self.condition)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, as stored in a model file."""
        return {
            "label": self.label,
            "condition": self.condition,
            "text": self.text,
            "is_null": self.is_null,
            "m_probability": self.m_probability,
            "u_probability": self.u_probability,
            "tf_column": self.tf_column,
        }


@dataclass
class Comparison:
    """A field's comparison: name, caseworker title, shown column, ordered levels."""

    name: str
    title: str
    shown_column: str
    levels: list[Level] = field(default_factory=list)

    def level_for(self, left: RecordValues, right: RecordValues) -> int:
        """Index (in ``levels``) of the first level whose condition holds for the pair."""
        for index, level in enumerate(self.levels):
            if level.holds(left, right):
                return index
        return len(self.levels) - 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, as stored in a model file."""
        return {
            "name": self.name,
            "title": self.title,
            "shown_column": self.shown_column,
            "levels": [level.to_dict() for level in self.levels],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Comparison:
        """Build a comparison from its JSON-able form (see :meth:`to_dict`)."""
        levels = [Level(**level) for level in data["levels"]]
        return cls(data["name"], data["title"], data["shown_column"], levels)


def level_sql(level: Level, dialect: SqlDialect | None = None) -> str:
    """SQL condition of one level (``ELSE`` for the catch-all level)."""
    return condition_sql(level.condition, dialect)


def comparison_columns(comparisons: Sequence[Comparison]) -> list[str]:
    """All record columns that the comparisons read (term frequencies too), in first-use order."""
    seen: dict[str, None] = {}

    def visit(cond: Condition) -> None:
        for key in ("column", "pattern"):
            if key in cond:
                seen.setdefault(cond[key], None)
        for col in cond.get("columns", ()):
            seen.setdefault(col, None)
        subs = cond.get("of", ())
        for sub in [subs] if isinstance(subs, Mapping) else subs:
            visit(sub)

    for comparison in comparisons:
        seen.setdefault(comparison.shown_column, None)
        for level in comparison.levels:
            visit(level.condition)
            if level.tf_column:
                seen.setdefault(level.tf_column, None)
    return list(seen)


def blocking_rule_sql(rule: BlockingRule) -> str:
    """SQL join condition of a blocking rule over tables aliased ``l`` and ``r``."""
    return " AND ".join(f"l.{left} = r.{right}" for left, right in rule)
