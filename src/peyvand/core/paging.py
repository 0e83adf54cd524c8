"""Lists that stay cheap however large the registry: counts that stop at a cap.

A staff queue counted every pair and case of an agency on every visit (13,511 pairs, 92 ms, at
100,000 persons; ten times that at a million). Nobody reads past the first thousand rows of a
queue sorted by what matters; they narrow it with the filters instead. So counts stop at
``COUNT_CAP`` and print as "1000+", and the pages reach that far.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 1000


class Tally(int):
    """A count that may have stopped at its cap: it prints as "1000+" when there were more."""

    more: bool

    def __new__(cls, value: int, more: bool = False) -> Tally:
        """``value`` rows counted; ``more``: there were more than that."""
        tally = super().__new__(cls, value)
        tally.more = more
        return tally

    def __str__(self) -> str:
        return f"{int(self)}+" if self.more else str(int(self))


def capped_count(rows: QuerySet[Any], cap: int | None = None) -> Tally:
    """How many ``rows`` there are, counting no further than ``cap`` (``COUNT_CAP``): one
    bounded query."""
    cap = COUNT_CAP if cap is None else cap
    found = rows.order_by()[: cap + 1].count()
    return Tally(min(found, cap), found > cap)


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``cap`` rows: "Page 1 of 40+"."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int | None = None) -> None:
        """Pages of ``per_page`` rows over at most the first ``cap`` (``COUNT_CAP``) rows."""
        super().__init__(object_list, per_page)
        self.rows = object_list
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> Tally:
        return capped_count(self.rows, self.cap)

    @cached_property
    def num_pages(self) -> Tally:
        pages = super().num_pages
        return Tally(pages, self.count.more)
