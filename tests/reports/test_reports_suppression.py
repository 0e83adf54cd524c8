"""Small-count suppression (k = 5): small counts hidden, and the cells that would give them away."""

from __future__ import annotations

import itertools

from django.utils.translation import gettext_lazy as _

from peyvand.reports.suppression import Hidden, suppress
from peyvand.reports.tables import SMALL_MARK, CountTable, MedianRow, MedianTable

S, C = Hidden.SMALL, Hidden.COMPLEMENT


def test_counts_from_one_to_four_are_hidden_zero_and_five_are_not() -> None:
    grid = [[0], [1], [4], [5], [10]]
    hidden = suppress(grid, row_totals=False, column_totals=False)
    assert hidden == {(1, 0): S, (2, 0): S}


def test_a_total_with_one_hidden_cell_hides_a_second_cell() -> None:
    # 3 + 9 + 12 = 24: with only the 3 hidden, 24 - 9 - 12 gives it back.
    grid = [[3], [9], [12], [24]]
    hidden = suppress(grid, row_totals=False, column_totals=True)
    assert hidden[(0, 0)] is S
    # The complement is the smallest shown count of at least 5 in the same sum.
    assert hidden[(1, 0)] is C
    assert (2, 0) not in hidden and (3, 0) not in hidden


def test_when_no_other_cell_can_hide_it_the_total_is_hidden() -> None:
    grid = [[3], [0], [3]]
    hidden = suppress(grid, row_totals=False, column_totals=True)
    assert hidden == {(0, 0): S, (2, 0): S}
    grid = [[0], [7], [0], [7]]
    assert suppress(grid, row_totals=False, column_totals=True) == {}
    grid = [[2], [0], [0], [2]]
    assert suppress(grid, row_totals=False, column_totals=True) == {(0, 0): S, (3, 0): S}


def test_two_hidden_ones_adding_up_to_a_known_two_are_protected() -> None:
    # 1 + 1 + 8 = 10: the two hidden cells sum to 2, so both are 1; hide the 8 as well.
    grid = [[1], [1], [8], [10]]
    hidden = suppress(grid, row_totals=False, column_totals=True)
    assert hidden[(2, 0)] is C
    # 2 + 3 + 8 = 13: the hidden pair sums to 5, which 1+4, 2+3, 3+2 and 4+1 all give.
    grid = [[2], [3], [8], [13]]
    assert suppress(grid, row_totals=False, column_totals=True) == {(0, 0): S, (1, 0): S}


def test_two_way_table_no_hidden_count_can_be_recomputed() -> None:
    # rows: states; columns: agencies A, B, and the total; last row: totals.
    grid = [
        [2, 10, 12],
        [7, 6, 13],
        [9, 16, 25],
    ]
    hidden = suppress(grid, row_totals=True, column_totals=True)
    assert hidden[(0, 0)] is S
    _assert_nothing_recomputable(grid, hidden)
    # The small count is hidden, not lost in a pile of withheld cells.
    assert len(hidden) < 9


def test_suppression_resists_brute_force_on_small_tables() -> None:
    """Every 2×2 table of counts 0..6 with its totals: after suppression, each hidden small count
    has at least two values consistent with everything shown and with what the reader knows."""
    for inner in itertools.product(range(7), repeat=4):
        grid = _with_totals(inner)
        hidden = suppress(grid, row_totals=True, column_totals=True)
        if all((r, c) in hidden for r, row in enumerate(grid) for c, v in enumerate(row) if v):
            # Nothing left to hide: a table of 1s adding up to a hidden total under 5 is all
            # "<5", and what a reader deduces from its shape alone no suppression can prevent.
            continue
        _assert_small_counts_ambiguous(grid, hidden)


def _with_totals(inner: tuple[int, ...]) -> list[list[int]]:
    a, b, c, d = inner
    return [[a, b, a + b], [c, d, c + d], [a + c, b + d, a + b + c + d]]


def _assert_nothing_recomputable(
    grid: list[list[int]], hidden: dict[tuple[int, int], Hidden]
) -> None:
    rows, columns = len(grid), len(grid[0])
    for r in range(rows):
        assert sum(1 for c in range(columns) if (r, c) in hidden) != 1, f"row {r}"
    for c in range(columns):
        assert sum(1 for r in range(rows) if (r, c) in hidden) != 1, f"column {c}"


def _assert_small_counts_ambiguous(
    grid: list[list[int]], hidden: dict[tuple[int, int], Hidden]
) -> None:
    """The reader's view: shown cells exact, a small count 1..4, a complement 5 or more. Try
    every inner 2×2 table that fits and collect the values each hidden small count takes."""
    if not hidden:
        return

    # No cell exceeds the grand total (24 at most for inner counts up to 6).
    cap = 24 if (2, 2) in hidden else grid[2][2]

    def domain(cell: tuple[int, int]) -> range:
        if cell not in hidden:
            return range(grid[cell[0]][cell[1]], grid[cell[0]][cell[1]] + 1)
        return range(1, 5) if hidden[cell] is S else range(5, cap + 1)

    seen: dict[tuple[int, int], set[int]] = {cell: set() for cell in hidden if hidden[cell] is S}
    allowed = {(r, c): set(domain((r, c))) for r in range(3) for c in range(3)}
    for a, b in itertools.product(allowed[0, 0], allowed[0, 1]):
        if a + b not in allowed[0, 2]:
            continue
        for c, d in itertools.product(allowed[1, 0], allowed[1, 1]):
            trial = _with_totals((a, b, c, d))
            if all(trial[r][col] in allowed[r, col] for r in (1, 2) for col in range(3)):
                for cell in seen:
                    seen[cell].add(trial[cell[0]][cell[1]])
    for cell, values in seen.items():
        assert len(values) >= 2, f"{grid}: {cell} is always {values}"


def test_count_table_body_marks_small_and_withheld_cells() -> None:
    table = CountTable(
        "t",
        _("Title"),
        _("State"),
        [("open", "Open"), ("closed", "Closed"), ("searching", "Searching")],
        ["Agency A", "Agency B"],
        [[3, 10], [8, 9], [6, 0]],
    )
    exact = table.body()
    assert exact[0] == ["Open", 3, 10, 13]
    assert exact[-1] == [_("Total"), 17, 19, 36]
    shared = table.body(shared=True)
    assert shared[0][1] == SMALL_MARK
    texts = [cell for row in shared for cell in row[1:]]
    assert "withheld" in texts
    assert 3 not in texts


def test_median_table_withholds_medians_of_fewer_than_five_cases() -> None:
    table = MedianTable(
        "m",
        _("Days"),
        _("Agency"),
        [MedianRow("Agency A", 3, 12.0), MedianRow("Agency B", 9, 30.5)],
        MedianRow("All", 12, 20.0),
    )
    assert table.body() == [["Agency A", 3, 12], ["Agency B", 9, 30.5], ["All", 12, 20]]
    shared = table.body(shared=True)
    assert shared[0] == ["Agency A", SMALL_MARK, "withheld"]
    # 12 - 9 would give agency A's count back: one of them is withheld too.
    assert "withheld" in (shared[1][1], shared[2][1])
