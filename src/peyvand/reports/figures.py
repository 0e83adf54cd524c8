"""The dashboard's figures. Each takes cases already scoped to the reader
(``peyvand.tracing.access.cases_visible_to`` narrowed by the filters) and a period, and returns a
table of counts. Every figure is one aggregate query, whatever the amount of data.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from peyvand.consent.models import Choice, Decision
from peyvand.core.display import show_for_reader
from peyvand.matching.models import MatchReview, ReviewAction
from peyvand.reports.period import Period
from peyvand.reports.tables import CountTable, MedianRow, MedianTable, Value
from peyvand.tracing.models import Case, CaseState

DAY_SECONDS = 86400


def _by_agency(
    key: str,
    title: Promise,
    row_heading: Promise,
    rows: list[tuple[str, Value]],
    counted: Iterable[tuple[str, str, int]],
    single_label: Promise,
) -> CountTable:
    """A table of ``rows`` × agencies from ``(agency name, row key, count)`` triples; one column
    (``single_label``) when the counts come from a single agency or none."""
    per_agency: dict[str, dict[str, int]] = defaultdict(dict)
    for agency, row_key, count in counted:
        per_agency[agency][row_key] = per_agency[agency].get(row_key, 0) + count
    agencies = sorted(per_agency)
    if len(agencies) <= 1:
        only = per_agency[agencies[0]] if agencies else {}
        counts = [[only.get(row_key, 0)] for row_key, _label in rows]
        columns: list[Value] = [single_label]
    else:
        counts = [[per_agency[a].get(row_key, 0) for a in agencies] for row_key, _label in rows]
        columns = list(agencies)
    return CountTable(key, title, row_heading, rows, columns, counts)


def requests_by_status(cases: QuerySet[Case], period: Period) -> CountTable:
    """Requests received in the period, by the state their case is in now."""
    start, after = period.bounds()
    counted = (
        cases.filter(tracing_request__created_at__gte=start, tracing_request__created_at__lt=after)
        .values_list("agency__name", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_agency(
        "requests_by_status",
        _("Requests by status"),
        _("Case state"),
        [(str(value), label) for value, label in CaseState.choices],
        counted,
        _("Requests"),
    )


def time_to_first_contact(cases: QuerySet[Case], period: Period) -> MedianTable:
    """For cases that first reached "contact established" in the period: days from the tracing
    request to that first move, as a median per agency.

    The moment comes from the case's own timeline (``CaseTransition``), which
    ``change_case_state`` writes for every move; a case that went on hold and back counts its
    first contact only.
    """
    start, after = period.bounds()
    reached = (
        cases.annotate(
            first_contact=Min(
                "transitions__at", filter=Q(transitions__to_state=CaseState.CONTACT_ESTABLISHED)
            )
        )
        .filter(first_contact__gte=start, first_contact__lt=after)
        .values_list("agency__name", "tracing_request__created_at", "first_contact")
        .order_by()
    )
    days: dict[str, list[float]] = defaultdict(list)
    for agency, requested, contacted in reached:
        days[agency].append((contacted - requested).total_seconds() / DAY_SECONDS)
    rows = [_median_row(agency, days[agency]) for agency in sorted(days)]
    everyone = [value for values in days.values() for value in values]
    return MedianTable(
        "time_to_first_contact",
        _("Days from request to first contact"),
        _("Agency"),
        rows,
        _median_row(_("All agencies shown"), everyone),
    )


def _median_row(label: Value, values: list[float]) -> MedianRow:
    return MedianRow(label, len(values), statistics.median(values) if values else None)


def review_throughput(cases: QuerySet[Case], period: Period) -> CountTable:
    """Caseworkers' decisions on candidate pairs per week (weeks start on Monday), by action."""
    start, after = period.bounds()
    counted = (
        MatchReview.objects.filter(
            pair__tracing_request__case__in=cases, at__gte=start, at__lt=after
        )
        .annotate(week=TruncWeek("at"))
        .values_list("week", "action")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_week: dict[datetime.date, dict[str, int]] = defaultdict(dict)
    for week, action, count in counted:
        monday = timezone.localtime(week).date() if isinstance(week, datetime.datetime) else week
        per_week[monday][action] = per_week[monday].get(action, 0) + count
    weeks = _mondays(period)
    actions = ReviewAction.choices
    return CountTable(
        "review_throughput",
        _("Match reviews per week"),
        _("Week starting"),
        [(week.isoformat(), show_for_reader(week, "day", "gregorian")) for week in weeks],
        [label for _value, label in actions],
        [[per_week[week].get(value, 0) for value, _label in actions] for week in weeks],
    )


def _mondays(period: Period) -> list[datetime.date]:
    first = period.start - datetime.timedelta(days=period.start.weekday())
    count = (period.end - first).days // 7 + 1
    return [first + datetime.timedelta(weeks=n) for n in range(count)]


def consent_outcomes(cases: QuerySet[Case], period: Period) -> CountTable:
    """Sought persons' decisions recorded in the period, by what they chose (a decision later
    withdrawn still counts: it was the outcome of that ask)."""
    start, after = period.bounds()
    counted = (
        Decision.objects.filter(
            tracing_request__case__in=cases, decided_at__gte=start, decided_at__lt=after
        )
        .values_list("tracing_request__agency__name", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_agency(
        "consent_outcomes",
        _("Consent decisions"),
        _("Decision"),
        [(str(value), label) for value, label in Choice.choices],
        counted,
        _("Decisions"),
    )
