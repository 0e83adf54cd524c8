"""A small world with known numbers for the reports, on top of the shared `world`.

Agency A: the world's open case; three cases that reached contact 10, 20 and 40 days after the
request (median 20; the 40-day one went on hold and came back later, which must not count);
one case closed as not found. Agency B: the world's open case and one case that reached contact
after 5 days. Reviews, consent decisions and a visit with applications on both sides.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conftest import World, sought_person
from peyvand.accounts.models import Agency
from peyvand.consent.models import Decision
from peyvand.matching.models import CandidatePair, MatchReview, PairStatus
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import Case, CaseState, CaseTransition, Registration, TracingRequest
from peyvand.tracing.services import change_case_state, submit_tracing_request
from peyvand.visits.models import Decision as VisaDecision
from peyvand.visits.models import TravelApplication, Visit, VisitStatus

S = CaseState


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def new_case(agency: Agency, name: str, requested: datetime.datetime) -> Case:
    tracing_request = submit_tracing_request(
        None,
        agency,
        seeker=PersonInput(names=[NameInput(full="مریم رحیمی")], sex="f"),
        sought=sought_person(name),
        relationship="sibling",
    )
    TracingRequest.objects.filter(pk=tracing_request.pk).update(created_at=requested)
    return Case.objects.get(tracing_request=tracing_request)


def move(case: Case, *steps: tuple[str, datetime.datetime], outcome: str = "") -> Case:
    """Walk the case through ``(state, when)`` steps, dating each transition."""
    for state, when in steps:
        case = change_case_state(
            None, case, state, "report test", outcome=outcome if state == S.CLOSED else ""
        )
        latest = CaseTransition.objects.filter(case=case).order_by("-id").first()
        assert latest is not None
        CaseTransition.objects.filter(pk=latest.pk).update(at=when)
    return case


def reach_contact(case: Case, requested_days_ago: float, after_days: float) -> Case:
    at = days_ago(requested_days_ago - after_days)
    return move(
        case, (S.MATCH_CONFIRMED, at), (S.AWAITING_DECISION, at), (S.CONTACT_ESTABLISHED, at)
    )


def review(pair: CandidatePair, action: str, when: datetime.datetime) -> None:
    made = MatchReview.objects.create(pair=pair, action=action, reason="report test")
    MatchReview.objects.filter(pk=made.pk).update(at=when)


def decide(tracing_request: TracingRequest, registration: Registration, choice: str) -> None:
    Decision.objects.create(
        registration=registration, tracing_request=tracing_request, choice=choice, channel="app"
    )


def pair_for(tracing_request: TracingRequest, registration: Registration) -> CandidatePair:
    return CandidatePair.objects.create(
        tracing_request=tracing_request,
        registration=registration,
        model_version="report-test",
        match_probability=0.9,
        match_weight=8.0,
        records_fingerprint="report-test",
        status=PairStatus.CONFIRMED,
    )


def application(visit: Visit, authority: str, decision: str, **dates: object) -> None:
    TravelApplication.objects.create(
        visit=visit,
        traveller="seeker",
        kind="host_visa",
        authority=authority,
        country="AL",
        decision=decision,
        **dates,
    )


@dataclass
class ReportWorld:
    world: World
    contact_cases_a: list[Case]
    contact_case_b: Case


def build_report_world(world: World) -> ReportWorld:
    a, b = world.agency_a, world.agency_b
    ten = reach_contact(new_case(a, "حسن کریمی", days_ago(100)), 100, 10)
    twenty = reach_contact(new_case(a, "رضا کریمی", days_ago(100)), 100, 20)
    forty = reach_contact(new_case(a, "علی کریمی", days_ago(100)), 100, 40)
    move(forty, (S.ON_HOLD, days_ago(55)), (S.AWAITING_DECISION, days_ago(45)))
    move(forty, (S.CONTACT_ESTABLISHED, days_ago(40)))
    closed = new_case(a, "مهدی کریمی", days_ago(50))
    move(closed, (S.CLOSED, days_ago(20)), outcome="not_found")
    five = reach_contact(new_case(b, "زهرا احمدی", days_ago(30)), 30, 5)

    pair_a = pair_for(world.request_a, world.registration_a)
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 14)
    at = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(10)))
    for action in ("confirm", "confirm", "reject"):
        review(pair_a, action, at)
    review(pair_a, "undo", at + datetime.timedelta(days=7))
    pair_b = pair_for(world.request_b, world.registration_b)
    review(pair_b, "reject", at)

    decide(world.request_a, world.registration_a, "share_contact")
    decide(ten.tracing_request, world.registration_a, "messages_only")
    decide(twenty.tracing_request, world.registration_a, "messages_only")
    decide(world.request_b, world.registration_b, "decline")

    today = timezone.localdate()
    visit_a = Visit.objects.create(case=ten, host_country="AL", status=VisitStatus.PLANNED)
    application(visit_a, "Embassy of Albania, Tehran", VisaDecision.REFUSED, decided_on=today)
    application(visit_a, '=HYPERLINK("http://x")', VisaDecision.APPROVED, decided_on=today)
    application(
        visit_a,
        "Embassy of Albania, Tehran",
        VisaDecision.PENDING,
        deadline=today + datetime.timedelta(days=3),
    )
    visit_b = Visit.objects.create(case=five, host_country="TR", status=VisitStatus.MET)
    application(visit_b, "Consulate of Türkiye", VisaDecision.REFUSED, decided_on=today)
    return ReportWorld(world, [ten, twenty, forty], five)
