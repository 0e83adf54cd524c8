"""Retention schedules: what is deleted, and when, after a case closes without contact.

A case closed as declined, withdrawn or not found keeps nothing worth the risk of holding how to
reach anyone: ``settings.PEYVAND_RETENTION_DAYS`` days after closing, every row the apps declared
``Retention.DELETE`` that reaches the case (messages, notes, visits, letters, partner notes) or its
request goes, and the fields declared ``Retention.CLEAR`` are emptied (the family's message for
the sought person, a partner record's extra fields). Contact details go with the sought person as
the family described them, and with the seeker once every request of that seeker is past its
schedule. What the apps declared ``Retention.KEEP`` stays, each with its reason: the case shell
(reference code, states, timeline, outcome) lets the agency count and explain its work, and the
sought person's answer must still hold when the family asks again.

Running it again deletes nothing more: each case's deletions are audited with counts only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from peyvand.audit.services import record_event
from peyvand.core.holdings import Holding, Reach, Retention
from peyvand.matching.engine import forget_indexed
from peyvand.privacy.registry import blank_value, holdings, model_of, rows_reaching
from peyvand.tracing.models import Case, CaseState, TracingRequest

ACTION = "retention.applied"


@dataclass
class RetentionReport:
    """What one run did: cases touched by outcome, rows deleted and rows emptied by model."""

    cases: dict[str, int] = field(default_factory=dict)
    deleted: Counter[str] = field(default_factory=Counter)
    cleared: Counter[str] = field(default_factory=Counter)

    @property
    def did_anything(self) -> bool:
        return bool(self.deleted or self.cleared)

    def lines(self) -> list[str]:
        if not self.did_anything:
            return ["Retention: nothing to delete."]
        lines = [
            f"Retention: {outcome}: {count} cases past their schedule"
            for outcome, count in sorted(self.cases.items())
        ]
        lines += [
            f"Deleted {count} {_plural(label)}" for label, count in sorted(self.deleted.items())
        ]
        lines += [
            f"Emptied {count} {_plural(label)}" for label, count in sorted(self.cleared.items())
        ]
        return lines


def _plural(label: str) -> str:
    return f"{apps.get_model(label)._meta.verbose_name_plural} ({label})"


def schedules() -> dict[str, int]:
    """Outcome → days after closing; outcomes not listed are kept."""
    return dict(getattr(settings, "PEYVAND_RETENTION_DAYS", {}))


def _expired(case: Case, now: dt.datetime, days: dict[str, int]) -> bool:
    if case.state != CaseState.CLOSED or case.closed_at is None or case.outcome not in days:
        return False
    return case.closed_at <= now - dt.timedelta(days=days[case.outcome])


def run_retention(now: dt.datetime | None = None) -> RetentionReport:
    """Apply every schedule once; idempotent."""
    now = now or timezone.now()
    days = schedules()
    report = RetentionReport()
    due = Case.objects.filter(
        state=CaseState.CLOSED,
        outcome__in=list(days),
        closed_at__isnull=False,
    ).select_related("tracing_request")
    for case in due.order_by("id").iterator(chunk_size=500):
        if _expired(case, now, days):
            _apply(case, now, days, report)
    return report


def _seeker_may_be_forgotten(
    request: TracingRequest, now: dt.datetime, days: dict[str, int]
) -> bool:
    """True when every request by this seeker person is closed and past its schedule."""
    others = Case.objects.filter(tracing_request__seeker_id=request.seeker_id).exclude(
        tracing_request_id=request.pk
    )
    if TracingRequest.objects.filter(seeker_id=request.seeker_id, case__isnull=True).exists():
        return False
    return all(_expired(other, now, days) for other in others)


def _reached(case: Case, now: dt.datetime, days: dict[str, int]) -> dict[Reach, set[int]]:
    request = case.tracing_request
    persons = {request.sought_id}
    if _seeker_may_be_forgotten(request, now, days):
        persons.add(request.seeker_id)
    return {Reach.CASE: {case.pk}, Reach.REQUEST: {request.pk}, Reach.PERSON: persons}


def _apply(case: Case, now: dt.datetime, days: dict[str, int], report: RetentionReport) -> None:
    with transaction.atomic():
        reached = _reached(case, now, days)
        # A closed request is not matched any more: out of the live index and its counters.
        forget_indexed(requests=sorted(reached[Reach.REQUEST]))
        deleted: Counter[str] = Counter()
        cleared: Counter[str] = Counter()
        for holding in holdings():
            if holding.retention == Retention.DELETE:
                rows = rows_reaching(holding, reached)
                if rows is not None:
                    deleted.update({k: v for k, v in rows.delete()[1].items() if v})
            elif holding.retention == Retention.CLEAR:
                count = _clear(holding, reached)
                if count:
                    cleared[holding.model] += count
        if not (deleted or cleared):
            return
        record_event(
            None,
            ACTION,
            case,
            reason=f"retention schedule: {case.outcome}, {days[case.outcome]} days",
            details={
                "outcome": case.outcome,
                "days": days[case.outcome],
                "deleted": dict(sorted(deleted.items())),
                "emptied": dict(sorted(cleared.items())),
            },
        )
    report.cases[case.outcome] = report.cases.get(case.outcome, 0) + 1
    report.deleted.update(deleted)
    report.cleared.update(cleared)


def _clear(holding: Holding, reached: dict[Reach, set[int]]) -> int:
    """Blank the declared fields of the rows reached that still hold something."""
    rows = rows_reaching(holding, reached)
    if rows is None:
        return 0
    model = model_of(holding)
    blank = {name: blank_value(model, name) for name in holding.cleared}
    count = 0
    # Encrypted columns cannot be compared in SQL: read the (few) rows reached in Python.
    for row in rows.only("pk", *holding.cleared):
        if any(getattr(row, name) != value for name, value in blank.items()):
            for name, value in blank.items():
                setattr(row, name, value)
            row.save(update_fields=list(blank))
            count += 1
    return count
