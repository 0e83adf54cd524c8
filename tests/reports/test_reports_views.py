"""The dashboard and the CSV export through HTTP: scoping, filters, suppression, escaping, audit,
and a query count that does not grow with the data."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from reports_world import ReportWorld, build_report_world, days_ago, new_case, reach_contact

from conftest import World
from peyvand.audit.models import AuditEvent

DASHBOARD = "/staff/reports/"
EXPORT = "/staff/reports/export.csv"


@pytest.fixture
def report_world(world: World) -> ReportWorld:
    return build_report_world(world)


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _by_label(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in rows[1:]}


def test_urls_are_under_staff_reports() -> None:
    assert reverse("reports_dashboard") == DASHBOARD
    assert reverse("reports_export") == EXPORT


def test_supervisor_sees_charts_and_tables_of_their_agency(report_world: ReportWorld) -> None:
    response = report_world.world.client_for("supervisor_a").get(DASHBOARD)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart') == 8
    assert '<title id="chart-' in page and 'role="img"' in page
    assert "Requests by status" in page and "Days from request to first contact" in page
    assert "Agency B" not in page
    # Counts only: no names of the people in the cases.
    assert "کریمی" not in page and "خدابنده" not in page
    # Agency staff may export exact counts for use inside their agency.
    assert "CSV for use inside the agency" in page


def test_caseworker_b_does_not_see_agency_a_numbers(report_world: ReportWorld) -> None:
    world = report_world.world
    client = world.client_for("caseworker_b")
    page = client.get(DASHBOARD).content.decode()
    assert "Agency A" not in page
    rows = _by_label(_csv(client.get(EXPORT, {"table": "requests_by_status"})))
    assert rows["Total"] == ["2"]
    # Asking for agency A's figures is refused, not answered.
    refused = client.get(DASHBOARD, {"agency": world.agency_a.pk})
    assert refused.status_code == 400
    assert "Agency A" not in refused.content.decode()
    assert (
        client.get(EXPORT, {"table": "requests_by_status", "agency": world.agency_a.pk}).status_code
        == 400
    )


def test_dpo_filters_by_agency(report_world: ReportWorld) -> None:
    world = report_world.world
    client = world.client_for("dpo")
    page = client.get(DASHBOARD).content.decode()
    assert "Agency A" in page and "Agency B" in page
    only_b = client.get(DASHBOARD, {"agency": world.agency_b.pk})
    assert only_b.status_code == 200
    rows = _by_label(
        _csv(client.get(EXPORT, {"table": "requests_by_status", "agency": world.agency_b.pk}))
    )
    assert rows["Total"] == ["<5"]


def test_period_filter_in_jalali_and_gregorian(report_world: ReportWorld) -> None:
    client = report_world.world.client_for("supervisor_a")
    start = days_ago(60).date()
    for text in (start.isoformat(), _jalali(start)):
        rows = _by_label(_csv(client.get(EXPORT, {"table": "requests_by_status", "start": text})))
        assert rows["Total"] == ["2"], text


def _jalali(value: Any) -> str:
    import jdatetime

    day = jdatetime.date.fromgregorian(date=value)
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "1403/13/01"}, "a month must be a number from 1 to 12"),
        ({"start": "yesterday"}, "We could not read"),
        ({"start": "2020-01-01", "end": "2019-01-01"}, "The period ends before it begins."),
        ({"end": "52"}, "Write a date such as 1403/01/01"),
    ],
)
def test_period_errors_are_shown(world: World, params: dict[str, str], message: str) -> None:
    response = world.client_for("supervisor_a").get(DASHBOARD, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_period_errors_are_translated(world: World) -> None:
    world.supervisor_a.language = "fa"
    world.supervisor_a.save(update_fields=["language"])
    response = world.client_for("supervisor_a").get(DASHBOARD, {"start": "1403/13/01"})
    assert response.status_code == 400
    page = response.content.decode()
    with translation.override("fa"):
        from peyvand.core.dates import DateParseError

        expected = str(DateParseError("month_out_of_range", "1403/13/01", month=13))
    assert "a month must be" not in page
    assert expected.replace("“", "&ldquo;") in page or expected in page.replace("&ldquo;", "“")


def test_internal_export_keeps_exact_counts_shared_export_suppresses(
    report_world: ReportWorld,
) -> None:
    client = report_world.world.client_for("supervisor_a")
    internal = _by_label(_csv(client.get(EXPORT, {"table": "requests_by_status"})))
    assert internal["Contact established"] == ["3"]
    assert internal["Open"] == ["1"]
    shared = _by_label(_csv(client.get(EXPORT, {"table": "requests_by_status", "shared": "1"})))
    assert shared["Contact established"] == ["<5"]
    assert shared["Open"] == ["<5"]
    # Three hidden counts adding up to 5 (3+1+1, 2+2+1, …): the total gives none of them away.
    assert shared["Total"] == ["5"]
    medians = _csv(client.get(EXPORT, {"table": "time_to_first_contact", "shared": "1"}))
    assert medians[1] == ["Agency A", "<5", "withheld"]


def test_exports_beyond_one_agency_are_always_suppressed(report_world: ReportWorld) -> None:
    client = report_world.world.client_for("dpo")
    page = client.get(DASHBOARD).content.decode()
    assert "CSV for use inside the agency" not in page
    rows = _by_label(_csv(client.get(EXPORT, {"table": "requests_by_status"})))
    assert rows["Open"] == ["<5", "<5", "<5"]
    assert all(cell in ("<5", "withheld", "0") for row in rows.values() for cell in row)


def test_complementary_cell_is_withheld_in_the_export(report_world: ReportWorld) -> None:
    world = report_world.world
    for index in range(6):
        reach_contact(new_case(world.agency_a, f"نام {index}", days_ago(20)), 20, 3)
    client = world.client_for("supervisor_a")
    shared = _by_label(_csv(client.get(EXPORT, {"table": "requests_by_status", "shared": "1"})))
    # Open 1 and closed 1 are hidden; with contact established (9) and the total (11) shown,
    # their sum would be 2, so both 1: the smaller of the two shown cells is withheld too.
    assert shared["Open"] == ["<5"] and shared["Closed"] == ["<5"]
    assert shared["Contact established"] == ["withheld"]
    assert shared["Total"] == ["11"]


def test_csv_cells_cannot_run_as_formulas(report_world: ReportWorld) -> None:
    client = report_world.world.client_for("supervisor_a")
    rows = _csv(client.get(EXPORT, {"table": "refusals_by_authority"}))
    labels = [row[0] for row in rows]
    assert '\'=HYPERLINK("http://x")' in labels
    assert not any(label.startswith("=") for label in labels)


def test_each_export_is_audited_without_values(report_world: ReportWorld) -> None:
    world = report_world.world
    client = world.client_for("supervisor_a")
    client.get(EXPORT, {"table": "consent_outcomes", "shared": "1"})
    event = AuditEvent.objects.filter(action="export.report").get()
    assert event.actor == world.supervisor_a
    assert event.object_type == "reports.table" and event.object_id == "consent_outcomes"
    assert event.details["shared"] is True
    assert event.details["agency"] is None
    assert set(event.details) == {"agency", "start", "end", "shared", "rows"}


def test_unknown_or_missing_table_is_a_bad_request(world: World) -> None:
    client = world.client_for("supervisor_a")
    assert client.get(EXPORT).status_code == 400
    assert client.get(EXPORT, {"table": "people"}).status_code == 400


def test_persian_dashboard_is_mirrored_with_persian_digits(report_world: ReportWorld) -> None:
    world = report_world.world
    world.supervisor_a.language = "fa"
    world.supervisor_a.save(update_fields=["language"])
    page = world.client_for("supervisor_a").get(DASHBOARD).content.decode()
    assert 'direction="rtl"' in page
    assert '<td class="n">۳</td>' in page


def test_dashboard_queries_do_not_grow_with_data(
    world: World, django_assert_num_queries: Any
) -> None:
    client = world.client_for("dpo")
    client.get(DASHBOARD)  # warm the session and the caches a first request fills
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(DASHBOARD).status_code == 200
    build_report_world(world)
    for index in range(5):
        reach_contact(new_case(world.agency_b, f"نام {index}", days_ago(40)), 40, 12)
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert client.get(DASHBOARD).status_code == 200
