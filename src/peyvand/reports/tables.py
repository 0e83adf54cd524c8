"""The tables behind the charts: labelled counts, their totals, and how they read when shared.

A figure returns one of these; the dashboard shows it under its chart and the CSV export writes
it. Cells are plain ints (or a median in days) until ``body(shared=True)`` hides small counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from peyvand.reports.suppression import Hidden, K, suppress

SMALL_MARK = f"<{K}"
Value = int | float | str | Promise | None


def withheld_mark() -> str:
    return str(_("withheld"))


def _shown(value: int, mark: Hidden | None) -> Value:
    if mark is Hidden.SMALL:
        return SMALL_MARK
    if mark is Hidden.COMPLEMENT:
        return withheld_mark()
    return value


@dataclass(frozen=True)
class CountTable:
    """Counts by row (a state, a week, a choice) and column (an agency, an action).

    A total column is added when there is more than one column, and a total row when
    ``total_row`` is set; both take part in suppression.
    """

    key: str
    title: Promise
    row_heading: Promise
    rows: list[tuple[str, Value]]  # (stable key, label)
    columns: list[Value]
    counts: list[list[int]]
    total_row: bool = True
    # The column the chart draws; None draws each row's total. A chart titled "refusals" must
    # draw the refusals, not refusals and approvals together.
    chart_column: int | None = None

    @property
    def row_totals(self) -> bool:
        return len(self.columns) > 1

    def grid(self) -> list[list[int]]:
        """The counts with their margins."""
        grid = [list(row) + ([sum(row)] if self.row_totals else []) for row in self.counts]
        if self.total_row:
            width = len(self.columns) + (1 if self.row_totals else 0)
            grid.append([sum(row[c] for row in grid) for c in range(width)])
        return grid

    def header(self) -> list[Value]:
        return [self.row_heading, *self.columns, *([_("Total")] if self.row_totals else [])]

    def labels(self) -> list[Value]:
        return [label for _key, label in self.rows] + ([_("Total")] if self.total_row else [])

    def body(self, *, shared: bool = False) -> list[list[Value]]:
        grid = self.grid()
        hidden = (
            suppress(grid, row_totals=self.row_totals, column_totals=self.total_row)
            if shared
            else {}
        )
        return [
            [label, *(_shown(value, hidden.get((r, c))) for c, value in enumerate(row))]
            for r, (label, row) in enumerate(zip(self.labels(), grid, strict=True))
        ]

    def series(self) -> list[tuple[Value, int]]:
        """What the chart draws: each row's total or its chart column (exact: charts are shown,
        not exported)."""
        grid = self.grid()
        column = -1 if self.chart_column is None else self.chart_column
        return [(label, grid[r][column]) for r, (_key, label) in enumerate(self.rows)]


@dataclass(frozen=True)
class MedianRow:
    label: Value
    cases: int
    median_days: float | None


@dataclass(frozen=True)
class MedianTable:
    """Per agency: how many cases reached a milestone in the period, and the median days it took.

    Shared, a median of fewer than k cases is withheld with its count: it would be close to one
    family's own dates.
    """

    key: str
    title: Promise
    row_heading: Promise
    rows: list[MedianRow]
    overall: MedianRow
    columns: list[Value] = field(default_factory=lambda: [_("Cases"), _("Median days")])

    def header(self) -> list[Value]:
        return [self.row_heading, *self.columns]

    def body(self, *, shared: bool = False) -> list[list[Value]]:
        every = [*self.rows, self.overall]
        grid = [[row.cases] for row in every]
        hidden = suppress(grid, row_totals=False, column_totals=True) if shared else {}
        body: list[list[Value]] = []
        for r, row in enumerate(every):
            mark = hidden.get((r, 0))
            median: Value = _days(row.median_days)
            if mark is Hidden.SMALL:
                median = withheld_mark()
            body.append([row.label, _shown(row.cases, mark), median])
        return body

    def series(self) -> list[tuple[Value, int | float]]:
        """The medians as the table shows them (to a tenth of a day), not to the second."""
        return [
            (row.label, _rounded_days(row.median_days))
            for row in self.rows
            if row.median_days is not None
        ]


def _rounded_days(value: float) -> int | float:
    rounded = round(value, 1)
    return int(rounded) if rounded.is_integer() else rounded


def _days(value: float | None) -> Value:
    return "—" if value is None else _rounded_days(value)


ReportTable = CountTable | MedianTable


def as_text(rows: Sequence[Sequence[Value]]) -> list[list[str]]:
    """Every cell as text (lazy labels evaluated in the active language)."""
    return [["" if cell is None else str(cell) for cell in row] for row in rows]
