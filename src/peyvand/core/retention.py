"""Retention schedules: what is deleted, and when, after a case closes without contact.

A case closed as declined, withdrawn or not found keeps nothing worth the risk of holding how to
reach the seeker: ``settings.PEYVAND_RETENTION_DAYS`` days after closing, the seeker's contact
details, the case's relayed messages, its generated letters and the request's message for the
sought person are deleted. The case shell (reference code, states, timeline, outcome) stays so
the agency can still count and explain its work. A seeker's contact details stay while any of
that seeker's other requests is still within its schedule.

Running it again deletes nothing more: each deletion is audited with counts only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from peyvand.audit.services import record_event
from peyvand.letters.models import GeneratedLetter
from peyvand.messaging.models import Message
from peyvand.people.models import ContactDetail
from peyvand.tracing.models import Case, CaseState, TracingRequest

ACTION = "retention.applied"


@dataclass
class RetentionReport:
    """What one run did, by outcome: cases touched, contact details and messages deleted."""

    cases: dict[str, int] = field(default_factory=dict)
    contacts: int = 0
    messages: int = 0
    request_messages: int = 0
    letters: int = 0

    @property
    def did_anything(self) -> bool:
        return bool(self.contacts or self.messages or self.request_messages or self.letters)

    def lines(self) -> list[str]:
        if not self.did_anything:
            return ["Retention: nothing to delete."]
        lines = [
            f"Retention: {outcome}: {count} cases past their schedule"
            for outcome, count in sorted(self.cases.items())
        ]
        lines.append(
            f"Deleted {self.contacts} contact details, {self.messages} relayed messages, "
            f"{self.letters} generated letters and {self.request_messages} messages for the "
            "sought person."
        )
        return lines


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


def _apply(case: Case, now: dt.datetime, days: dict[str, int], report: RetentionReport) -> None:
    request = case.tracing_request
    with transaction.atomic():
        contacts = 0
        if _seeker_may_be_forgotten(request, now, days):
            contacts, _ = ContactDetail.objects.filter(person_id=request.seeker_id).delete()
        messages, _ = Message.objects.filter(case=case).delete()
        letters, _ = GeneratedLetter.objects.filter(case=case).delete()
        request_message = 0
        if request.message_for_sought:
            request.message_for_sought = ""
            request.save(update_fields=["message_for_sought"])
            request_message = 1
        if not (contacts or messages or request_message or letters):
            return
        record_event(
            None,
            ACTION,
            case,
            reason=f"retention schedule: {case.outcome}, {days[case.outcome]} days",
            details={
                "outcome": case.outcome,
                "days": days[case.outcome],
                "contact_details_deleted": contacts,
                "messages_deleted": messages,
                "letters_deleted": letters,
                "message_for_sought_deleted": request_message,
            },
        )
    report.cases[case.outcome] = report.cases.get(case.outcome, 0) + 1
    report.contacts += contacts
    report.messages += messages
    report.letters += letters
    report.request_messages += request_message
