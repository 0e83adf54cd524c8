"""Each figure on the known small world of reports_world.py."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from reports_world import ReportWorld, build_report_world, days_ago, new_case, reach_contact

from conftest import World
from peyvand.reports import figures, visit_figures
from peyvand.reports.access import report_cases
from peyvand.reports.period import Period, default_period
from peyvand.tracing.access import cases_visible_to


@pytest.fixture
def report_world(world: World) -> ReportWorld:
    return build_report_world(world)


def _rows(table: object) -> dict[str, list[object]]:
    return {str(row[0]): row[1:] for row in table.body()}  # type: ignore[attr-defined]


def test_requests_by_status_for_one_agency(report_world: ReportWorld) -> None:
    world = report_world.world
    table = figures.requests_by_status(cases_visible_to(world.supervisor_a), default_period())
    rows = _rows(table)
    assert table.header() == ["Case state", "Requests"]
    assert rows["Open"] == [1]
    assert rows["Contact established"] == [3]
    assert rows["Closed"] == [1]
    assert rows["Searching"] == [0]
    assert rows["Total"] == [5]


def test_requests_by_status_across_agencies_has_a_column_per_agency(
    report_world: ReportWorld,
) -> None:
    table = figures.requests_by_status(cases_visible_to(report_world.world.dpo), default_period())
    assert table.header() == ["Case state", "Agency A", "Agency B", "Total"]
    rows = _rows(table)
    assert rows["Open"] == [1, 1, 2]
    assert rows["Contact established"] == [3, 1, 4]
    assert rows["Total"] == [5, 2, 7]


def test_period_leaves_out_requests_received_before_it(report_world: ReportWorld) -> None:
    today = timezone.localdate()
    recent = Period(today - datetime.timedelta(days=60), today)
    rows = _rows(
        figures.requests_by_status(cases_visible_to(report_world.world.supervisor_a), recent)
    )
    # Only the world's own case (today) and the closed one (50 days ago) were received since.
    assert rows["Total"] == [2]


def test_median_days_to_first_contact_per_agency(report_world: ReportWorld) -> None:
    table = figures.time_to_first_contact(
        cases_visible_to(report_world.world.dpo), default_period()
    )
    assert table.body() == [
        ["Agency A", 3, 20],  # 10, 20, 40 days: the 40-day case's second contact does not count
        ["Agency B", 1, 5],
        ["All agencies shown", 4, 15],  # median of 5, 10, 20, 40
    ]


def test_first_contact_outside_the_period_is_not_counted(report_world: ReportWorld) -> None:
    today = timezone.localdate()
    # The 10- and 20-day cases reached contact 90 and 80 days ago; the 40-day one 60 days ago.
    recent = Period(today - datetime.timedelta(days=70), today)
    table = figures.time_to_first_contact(cases_visible_to(report_world.world.supervisor_a), recent)
    assert table.body() == [["Agency A", 1, 40], ["All agencies shown", 1, 40]]


def test_review_throughput_counts_decisions_per_week(report_world: ReportWorld) -> None:
    table = figures.review_throughput(
        cases_visible_to(report_world.world.caseworker_a), default_period()
    )
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 14)
    body = {row[0]: row[1:] for row in table.body()}
    keys = [key for key, _label in table.rows]
    assert keys[-1] == (monday + datetime.timedelta(days=14)).isoformat()
    week = keys.index(monday.isoformat())
    rows = list(body.values())
    assert table.header() == [
        "Week starting",
        "Confirmed",
        "Confirmed by a second reviewer",
        "Rejected",
        "Confirmation undone",
        "Total",
    ]
    assert rows[week] == [2, 0, 1, 0, 3]
    assert rows[week + 1] == [0, 0, 0, 1, 1]
    # Agency B's rejection is not agency A's work.
    assert rows[-1] == [2, 0, 1, 1, 4]


def test_consent_outcomes_by_choice(report_world: ReportWorld) -> None:
    rows = _rows(
        figures.consent_outcomes(cases_visible_to(report_world.world.dpo), default_period())
    )
    assert rows["Share chosen contact details"] == [1, 0, 1]
    assert rows["Messages through the platform only"] == [2, 0, 2]
    assert rows["Decline"] == [0, 1, 1]
    assert rows["Total"] == [3, 1, 4]


def test_visit_figures(report_world: ReportWorld) -> None:
    world = report_world.world
    period = default_period()
    cases_a = cases_visible_to(world.caseworker_a)
    assert _rows(visit_figures.visits_by_status(cases_a, period))["Planned"] == [1]
    refusals = _rows(visit_figures.refusals(report_cases(world.dpo, None), period))
    assert refusals["Embassy of Albania, Tehran"] == [1, 0, 1]
    assert refusals["Consulate of Türkiye"] == [1, 0, 1]
    assert refusals["Total"] == [2, 1, 3]
    applications = _rows(visit_figures.travel_applications(cases_a, period))
    assert applications["Refused"] == [1] and applications["Approved"] == [1]
    deadlines = _rows(visit_figures.deadlines_now(cases_a, period))
    assert deadlines["In the next 7 days"] == [1]
    assert deadlines["Total"] == [1]


def test_agency_b_figures_never_count_agency_a(report_world: ReportWorld) -> None:
    world = report_world.world
    cases_b = cases_visible_to(world.caseworker_b)
    period = default_period()
    assert _rows(figures.requests_by_status(cases_b, period))["Total"] == [2]
    assert figures.time_to_first_contact(cases_b, period).body()[0] == ["Agency B", 1, 5]
    assert _rows(figures.review_throughput(cases_b, period))["Total"][-1] == 1
    assert _rows(figures.consent_outcomes(cases_b, period))["Total"] == [1]
    refusals = _rows(visit_figures.refusals(cases_b, period))
    assert "Embassy of Albania, Tehran" not in refusals


def test_the_refusals_chart_draws_refusals_not_all_decisions(report_world: ReportWorld) -> None:
    world = report_world.world
    table = visit_figures.refusals(report_cases(world.dpo, None), default_period())
    drawn = {str(label): value for label, value in table.series()}
    rows = _rows(table)
    # The table's first column is refusals; the chart draws that column, not the row total.
    assert drawn == {label: row[0] for label, row in rows.items() if label != "Total"}
    assert any(row[0] != row[-1] for label, row in rows.items() if label != "Total")


@pytest.mark.django_db
def test_the_median_chart_shows_the_median_as_the_table_rounds_it(world: World) -> None:
    case = new_case(world.agency_a, "Rounding", days_ago(3))
    reach_contact(case, requested_days_ago=3, after_days=10 / 86400)  # ten seconds later
    table = figures.time_to_first_contact(cases_visible_to(world.caseworker_a), default_period())
    table_cell = table.body()[0][2]
    assert table_cell == 0
    assert dict(table.series())["Agency A"] == table_cell
