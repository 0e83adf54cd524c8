"""Numbers about visits for the reports and dashboard. Callers pass the cases they may count
(already scoped by agency and filters); every function here only narrows further.

``start`` and ``end`` are inclusive dates; either may be None for an open end."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from peyvand.tracing.models import Case
from peyvand.visits.models import Decision, TravelApplication, Visit, VisitStatus
from peyvand.visits.reminders import open_deadline_rows


def _in_period(field: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    period = Q()
    if start is not None:
        period &= Q(**{f"{field}__gte": start})
    if end is not None:
        period &= Q(**{f"{field}__lte": end})
    return period


def refusals_by_authority(
    cases_qs: QuerySet[Case], start: datetime.date | None, end: datetime.date | None
) -> list[tuple[str, int, int]]:
    """(authority, refused, approved) for decisions taken in the period, most refusals first."""
    rows = (
        TravelApplication.objects.filter(visit__case__in=cases_qs)
        .filter(decision__in=(Decision.REFUSED, Decision.APPROVED))
        .filter(_in_period("decided_on", start, end))
        .values("authority")
        .annotate(
            refused=Count("id", filter=Q(decision=Decision.REFUSED)),
            approved=Count("id", filter=Q(decision=Decision.APPROVED)),
        )
        .order_by("-refused", "authority")
    )
    return [(row["authority"], row["refused"], row["approved"]) for row in rows]


def visit_counts(
    cases_qs: QuerySet[Case], start: datetime.date | None, end: datetime.date | None
) -> dict[str, int]:
    """Visits planned in the period (``planned_total``, and by their status now: ``planned``,
    ``scheduled``, ``met``, ``cancelled``), and applications ``submitted``, ``approved``,
    ``refused`` and ``withdrawn`` in the period (by submission or decision date)."""
    visits = Visit.objects.filter(case__in=cases_qs).filter(
        _in_period("created_at__date", start, end)
    )
    by_status: dict[str, Any] = {
        str(status): Count("id", filter=Q(status=status)) for status in VisitStatus.values
    }
    counts: dict[str, int] = visits.aggregate(planned_total=Count("id"), **by_status)
    applications = TravelApplication.objects.filter(visit__case__in=cases_qs)
    counts["submitted"] = (
        applications.filter(submitted_on__isnull=False)
        .filter(_in_period("submitted_on", start, end))
        .count()
    )
    decided = applications.filter(_in_period("decided_on", start, end))
    for decision in (Decision.APPROVED, Decision.REFUSED, Decision.WITHDRAWN):
        counts[str(decision)] = decided.filter(decision=decision).count()
    return counts


def open_deadlines(cases_qs: QuerySet[Case]) -> QuerySet[TravelApplication]:
    """Pending applications with a deadline on visits still open, soonest first (overdue too)."""
    return (
        open_deadline_rows()
        .filter(visit__case__in=cases_qs)
        .select_related("visit__case__tracing_request", "visit__case__assigned_to")
        .order_by("deadline", "id")
    )
