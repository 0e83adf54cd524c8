"""The dashboard's sections: each figure's table, its chart, and the rows shown under it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext_lazy as _

from peyvand.core.digits import persian_digits
from peyvand.reports import figures, visit_figures
from peyvand.reports.period import Period
from peyvand.reports.svg import ChartText, bar_chart, line_chart
from peyvand.reports.tables import ReportTable, as_text
from peyvand.tracing.models import Case

Build = Callable[[QuerySet[Case], Period], ReportTable]


@dataclass(frozen=True)
class Figure:
    key: str
    build: Build
    chart: str  # "bars" or "line"
    description: Promise  # what the chart shows, for readers who cannot see it


FIGURES: tuple[Figure, ...] = (
    Figure(
        "requests_by_status",
        figures.requests_by_status,
        "bars",
        _("Bars: tracing requests received in the period, by the state of their case now."),
    ),
    Figure(
        "time_to_first_contact",
        figures.time_to_first_contact,
        "bars",
        _("Bars: median days from the tracing request to first contact, per agency."),
    ),
    Figure(
        "review_throughput",
        figures.review_throughput,
        "line",
        _("Line: decisions on candidate pairs per week across the period."),
    ),
    Figure(
        "consent_outcomes",
        figures.consent_outcomes,
        "bars",
        _("Bars: decisions of sought persons recorded in the period, by choice."),
    ),
    Figure(
        "visits_by_status",
        visit_figures.visits_by_status,
        "bars",
        _("Bars: visits planned in the period, by their status now."),
    ),
    Figure(
        "travel_applications",
        visit_figures.travel_applications,
        "bars",
        _("Bars: visa and travel-document applications submitted and decided in the period."),
    ),
    Figure(
        "refusals_by_authority",
        visit_figures.refusals,
        "bars",
        _("Bars: refusals per authority in the period; the table gives approvals too."),
    ),
    Figure(
        "open_deadlines",
        visit_figures.deadlines_now,
        "bars",
        _("Bars: applications still waiting, by how soon their deadline falls."),
    ),
)
FIGURE_KEYS = [figure.key for figure in FIGURES]


def figure_named(key: str) -> Figure:
    return next(figure for figure in FIGURES if figure.key == key)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    chart: SafeString
    header: list[str]
    body: list[list[str]]
    empty: bool


def build_sections(cases: QuerySet[Case], period: Period) -> list[Section]:
    """Every figure for ``cases`` in ``period``, in the active language and its digits."""
    persian = (get_language() or "en").split("-")[0] == "fa"
    rtl = get_language_bidi()
    return [_section(figure, figure.build(cases, period), rtl, persian) for figure in FIGURES]


def _section(figure: Figure, table: ReportTable, rtl: bool, persian: bool) -> Section:
    text = ChartText(str(table.title), str(figure.description), rtl, persian)
    series = [(str(label), value) for label, value in table.series()]
    if figure.chart == "line":
        every = max(1, math.ceil(len(series) / 6))
        chart = line_chart(text, series, tick=lambda index: index % every == 0)
    else:
        chart = bar_chart(text, series)

    def reader(rows: list[list[str]]) -> list[list[str]]:
        # Numbers in the reader's digits; the labels in the first column stay as written.
        if not persian:
            return rows
        return [[row[0], *(persian_digits(cell) for cell in row[1:])] for row in rows]

    return Section(
        key=figure.key,
        title=str(table.title),
        chart=chart,
        header=as_text([table.header()])[0],
        body=reader(as_text(table.body())),
        empty=not any(value for _label, value in series),
    )
