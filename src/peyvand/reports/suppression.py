"""Small-count suppression (k-anonymity) for tables shared outside the agency.

A table is a grid of counts whose last row and/or last column may hold totals. Every count from
1 to k-1 is hidden (*primary* suppression, shown as "<k"). A hidden count must not be
recomputable from what is shown, so a *complementary* cell is hidden as well whenever:

- a sum in the table (a row with its total, a column with its total) has exactly one hidden
  member: it equals the total minus the shown cells;
- the shown cells force a hidden small count's value. The reader knows that a small count lies
  in 1..k-1 and a complement is k or more (zero is never hidden); narrowing every hidden cell's
  range through every sum until nothing moves finds, for example, two hidden 1s adding up to a
  shown 2, or a complement of at least k in one column capping a small count in another.

The complement goes into a sum that exposes the count: its smallest shown cell of at least k,
else its total, else its smallest non-zero shown cell (if the whole sum is hidden already, the
smallest non-zero shown cell of the table); then the checks run again. The range
reasoning is sound but not a full linear-programming audit, which is why the tables stay small
and two-way; a test tries every small two-way table.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

K = 5

Cell = tuple[int, int]


class Hidden(enum.Enum):
    SMALL = "small"  # a count from 1 to k-1
    COMPLEMENT = "complement"  # hidden so that a small count cannot be recomputed


@dataclass(frozen=True)
class Sum:
    """``parts`` add up to ``total``: one row or column of the grid with its margin."""

    parts: tuple[Cell, ...]
    total: Cell


def table_sums(rows: int, columns: int, *, row_totals: bool, column_totals: bool) -> list[Sum]:
    """The sums of a ``rows`` × ``columns`` grid whose last column (``row_totals``) and last row
    (``column_totals``) are totals."""
    sums: list[Sum] = []
    if row_totals:
        for r in range(rows):
            sums.append(Sum(tuple((r, c) for c in range(columns - 1)), (r, columns - 1)))
    if column_totals:
        for c in range(columns):
            sums.append(Sum(tuple((r, c) for r in range(rows - 1)), (rows - 1, c)))
    return sums


def suppress(
    grid: Sequence[Sequence[int]],
    *,
    row_totals: bool,
    column_totals: bool,
    k: int = K,
) -> dict[Cell, Hidden]:
    """The cells to hide in ``grid`` (totals included as its last row/column), and why."""
    hidden = {
        (r, c): Hidden.SMALL
        for r, row in enumerate(grid)
        for c, value in enumerate(row)
        if 1 <= value < k
    }
    if not grid or not grid[0]:
        return hidden
    sums = table_sums(len(grid), len(grid[0]), row_totals=row_totals, column_totals=column_totals)
    while True:
        exposed = [one_sum for one_sum in sums if _one_hidden(hidden, one_sum)]
        if not exposed:
            pinned = _pinned_small_counts(grid, hidden, sums, k)
            exposed = [one_sum for one_sum in sums if pinned & set(_cells(one_sum))]
        added = _add_complement(grid, hidden, exposed, k)
        if not added:
            return hidden


def _cells(one_sum: Sum) -> tuple[Cell, ...]:
    return (*one_sum.parts, one_sum.total)


def _one_hidden(hidden: dict[Cell, Hidden], one_sum: Sum) -> bool:
    return sum(1 for cell in _cells(one_sum) if cell in hidden) == 1


def _add_complement(
    grid: Sequence[Sequence[int]], hidden: dict[Cell, Hidden], exposed: list[Sum], k: int
) -> bool:
    """Hide one more cell in the first exposed sum that has one to give; False if none."""
    candidates = [_complement(grid, hidden, one_sum, k) for one_sum in exposed]
    complement = next((cell for cell in candidates if cell is not None), None)
    if complement is None and exposed:
        # Every cell of the exposing sums is hidden already: widen the table's other sums.
        shown = [
            (r, c)
            for r, row in enumerate(grid)
            for c, value in enumerate(row)
            if value > 0 and (r, c) not in hidden
        ]
        complement = min(shown, key=lambda cell: grid[cell[0]][cell[1]], default=None)
    if complement is None:
        return False
    hidden[complement] = Hidden.COMPLEMENT
    return True


def _pinned_small_counts(
    grid: Sequence[Sequence[int]], hidden: dict[Cell, Hidden], sums: list[Sum], k: int
) -> set[Cell]:
    """Hidden small counts whose value the shown cells force, found by narrowing each hidden
    cell's range (small: 1..k-1, complement: k or more) through every sum until nothing moves.

    This interval reasoning catches disclosures that need several sums together (a complement of
    at least k in one column capping a small count in another); it is sound, not complete.
    """
    ranges: dict[Cell, tuple[float, float]] = {
        cell: (1.0, float(k - 1)) if why is Hidden.SMALL else (float(k), math.inf)
        for cell, why in hidden.items()
    }
    changed = True
    while changed:
        changed = False
        for one_sum in sums:
            for cell, bounds in _narrowed(grid, ranges, one_sum).items():
                if bounds != ranges[cell]:
                    ranges[cell] = bounds
                    changed = True
    return {
        cell for cell, (low, high) in ranges.items() if hidden[cell] is Hidden.SMALL and low == high
    }


def _narrowed(
    grid: Sequence[Sequence[int]], ranges: dict[Cell, tuple[float, float]], one_sum: Sum
) -> dict[Cell, tuple[float, float]]:
    """Each hidden member's range as the other members of ``parts - total = 0`` allow it."""
    members = [(cell, 1) for cell in one_sum.parts] + [(one_sum.total, -1)]
    secret = [(cell, sign) for cell, sign in members if cell in ranges]
    shown = sum(sign * grid[r][c] for (r, c), sign in members if (r, c) not in ranges)
    narrowed = {}
    for cell, sign in secret:
        # sign * cell = -shown - sum(other hidden, signed)
        low = high = -float(shown)
        for other, other_sign in secret:
            if other == cell:
                continue
            least, most = ranges[other]
            low -= other_sign * (most if other_sign > 0 else least)
            high -= other_sign * (least if other_sign > 0 else most)
        if sign < 0:
            low, high = -high, -low
        old_low, old_high = ranges[cell]
        narrowed[cell] = (max(old_low, low), min(old_high, high))
    return narrowed


def _complement(
    grid: Sequence[Sequence[int]], hidden: dict[Cell, Hidden], one_sum: Sum, k: int
) -> Cell | None:
    shown = [cell for cell in one_sum.parts if cell not in hidden]
    large = [cell for cell in shown if grid[cell[0]][cell[1]] >= k]
    if large:
        return min(large, key=lambda cell: grid[cell[0]][cell[1]])
    total = one_sum.total
    if total not in hidden and grid[total[0]][total[1]] > 0:
        return total
    nonzero = [cell for cell in shown if grid[cell[0]][cell[1]] > 0]
    if nonzero:
        return min(nonzero, key=lambda cell: grid[cell[0]][cell[1]])
    return None
