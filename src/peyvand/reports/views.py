"""The reports dashboard and the CSV export of its tables."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.audit.services import record_event
from peyvand.core.display import show_for_reader
from peyvand.core.http import attachment
from peyvand.reports.access import report_cases, require_report_reader, stays_inside_agency
from peyvand.reports.dashboard import FIGURE_KEYS, build_sections
from peyvand.reports.forms import ExportForm, ReportFilterForm
from peyvand.reports.services import export_report_table


@login_required
@require_GET
def reports_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require_report_reader(user, "reports_dashboard")
    form = ReportFilterForm(user, request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    agency, period = form.chosen_agency, form.period
    shown_start = show_for_reader(period.start, "day", "gregorian")
    shown_end = show_for_reader(period.end, "day", "gregorian")
    if not form.is_bound:
        # The default period, written back in the reader's calendar, ready to be edited.
        form = ReportFilterForm(user, initial={"start": shown_start, "end": shown_end})
    sections = build_sections(report_cases(user, agency), period)
    record_event(
        user,
        "report.viewed",
        ("reports.dashboard", "dashboard"),
        details={
            "agency": agency.pk if agency else None,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
    )
    filters = {
        "agency": agency.pk if agency else "",
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    context = {
        "form": form,
        "sections": sections,
        "period_start": shown_start,
        "period_end": shown_end,
        "filters": urlencode(filters),
        "internal_export": stays_inside_agency(user, agency),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def reports_export(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require_report_reader(user, "reports_export")
    form = ExportForm(user, FIGURE_KEYS, request.GET)
    if not form.is_valid():
        return HttpResponse(
            "\n".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    agency = form.chosen_agency
    shared = form.cleaned_data["shared"] or not stays_inside_agency(user, agency)
    filename, content = export_report_table(
        user,
        form.cleaned_data["table"],
        report_cases(user, agency),
        form.period,
        agency=agency,
        shared=shared,
    )
    return attachment(content, filename, "text/csv; charset=utf-8")
