"""Figures about visits, built on ``peyvand.visits.reports`` (that app owns the queries)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peyvand.reports.period import Period
from peyvand.reports.tables import CountTable
from peyvand.tracing.models import Case
from peyvand.visits.models import Decision, VisitStatus
from peyvand.visits.reports import open_deadlines, refusals_by_authority, visit_counts

APPLICATION_ROWS = (
    ("submitted", _("Submitted")),
    ("approved", Decision.APPROVED.label),
    ("refused", Decision.REFUSED.label),
    ("withdrawn", Decision.WITHDRAWN.label),
)


def visits_by_status(cases: QuerySet[Case], period: Period) -> CountTable:
    """Visits planned in the period, by their status now."""
    counts = visit_counts(cases, period.start, period.end)
    return CountTable(
        "visits_by_status",
        _("Visits planned"),
        _("Status now"),
        [(str(value), label) for value, label in VisitStatus.choices],
        [_("Visits")],
        [[counts.get(str(value), 0)] for value in VisitStatus.values],
    )


def travel_applications(cases: QuerySet[Case], period: Period) -> CountTable:
    """Applications submitted in the period, and decisions taken on them in the period (not a
    partition of one another, so no total)."""
    counts = visit_counts(cases, period.start, period.end)
    return CountTable(
        "travel_applications",
        _("Visa and travel-document applications"),
        _("In the period"),
        [(key, label) for key, label in APPLICATION_ROWS],
        [_("Applications")],
        [[counts.get(key, 0)] for key, _label in APPLICATION_ROWS],
        total_row=False,
    )


def refusals(cases: QuerySet[Case], period: Period) -> CountTable:
    """Decisions taken in the period by each authority: refused and approved."""
    rows = refusals_by_authority(cases, period.start, period.end)
    return CountTable(
        "refusals_by_authority",
        _("Refusals by authority"),
        _("Authority"),
        [(authority, authority) for authority, _refused, _approved in rows],
        [Decision.REFUSED.label, Decision.APPROVED.label],
        [[refused, approved] for _authority, refused, approved in rows],
        chart_column=0,
    )


def deadlines_now(cases: QuerySet[Case], period: Period) -> CountTable:
    """Open application deadlines as of today (the period does not apply: they are still open)."""
    today = timezone.localdate()
    week, month = today + datetime.timedelta(days=7), today + datetime.timedelta(days=30)
    counts = open_deadlines(cases).aggregate(
        overdue=Count("id", filter=Q(deadline__lt=today)),
        week=Count("id", filter=Q(deadline__gte=today, deadline__lte=week)),
        month=Count("id", filter=Q(deadline__gt=week, deadline__lte=month)),
        later=Count("id", filter=Q(deadline__gt=month)),
    )
    rows = (
        ("overdue", _("Overdue")),
        ("week", _("In the next 7 days")),
        ("month", _("In 8 to 30 days")),
        ("later", _("Later")),
    )
    return CountTable(
        "open_deadlines",
        _("Open deadlines today"),
        _("Deadline"),
        list(rows),
        [_("Applications")],
        [[counts[key]] for key, _label in rows],
    )
