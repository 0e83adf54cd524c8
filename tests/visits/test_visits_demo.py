"""The demo has cases in contact with a planned visit: an approved visa and a pending travel
document whose deadline the reminder job picks up."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from peyvand.tracing.models import CaseState
from peyvand.visits.models import Decision, Reminder, Visit, VisitStatus


@pytest.mark.django_db
def test_the_demo_plans_visits_on_cases_in_contact() -> None:
    call_command("demo", "--seed", "7", "--persons", "300", stdout=StringIO())
    visits = list(Visit.objects.select_related("case"))
    assert len(visits) >= 2
    for visit in visits:
        assert visit.case.state == CaseState.CONTACT_ESTABLISHED
        assert visit.status == VisitStatus.PLANNED
        decisions = sorted(visit.applications.values_list("decision", flat=True))
        assert decisions == [Decision.APPROVED, Decision.PENDING]
        pending = visit.applications.get(decision=Decision.PENDING)
        assert pending.deadline is not None and pending.deadline_label
        assert pending.checklist.filter(done=True).exists()
    out = StringIO()
    call_command("visits", "remind", stdout=out)
    assert out.getvalue().strip() == f"{len(visits)} reminders sent"
    assert Reminder.objects.count() == len(visits)
