"""The staff pages of visits, through HTTP: plan, add applications, tick, decide, meet, cancel;
and the deadlines queue with a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from visits_support import establish_contact, planned_visit

from conftest import World
from peyvand.core.dates import to_jalali_text
from peyvand.visits.models import Decision, TravelApplication, Visit, VisitStatus
from peyvand.visits.services import add_application, set_deadline

TODAY = datetime.date.today()


def test_the_case_page_links_to_its_visits(world: World) -> None:
    page = world.client_for("caseworker_a").get(
        reverse("case_detail", kwargs={"case_id": world.case_a.pk})
    )
    assert reverse("case_visits", kwargs={"case_id": world.case_a.pk}) in page.content.decode()


def test_no_plan_form_before_contact_and_a_posted_plan_is_refused(world: World) -> None:
    client = world.client_for("caseworker_a")
    url = reverse("case_visits", kwargs={"case_id": world.case_a.pk})
    page = client.get(url).content.decode()
    assert "once contact is established" in page
    assert 'name="host_country"' not in page
    response = client.post(url, {"host_country": "Albania"})
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_a_caseworker_plans_and_follows_a_visit(world: World) -> None:
    establish_contact(world, world.case_a)
    client = world.client_for("caseworker_a")
    response = client.post(
        reverse("case_visits", kwargs={"case_id": world.case_a.pk}),
        {"host_country": "Albania", "meeting_place": "", "meeting_date": ""},
    )
    visit = Visit.objects.get()
    assert response["Location"] == reverse("visit_detail", kwargs={"visit_id": visit.pk})
    deadline = TODAY + datetime.timedelta(days=10)
    response = client.post(
        reverse("visit_application_add", kwargs={"visit_id": visit.pk}),
        {
            "traveller": "seeker",
            "kind": "host_visa",
            "authority": "Embassy of Albania, Tehran",
            "country": "Albania",
            # typed in the Jalali calendar, in Persian digits
            "deadline": to_jalali_text(deadline, "fa"),
            "deadline_label": "Hand in the documents",
        },
    )
    assert response.status_code == 302
    visa = TravelApplication.objects.get()
    assert visa.deadline == deadline
    item = visa.checklist.first()
    assert item is not None
    client.post(reverse("checklist_item_tick", kwargs={"item_id": item.pk}), {"done": "1"})
    item.refresh_from_db()
    assert item.done
    client.post(
        reverse("application_submission", kwargs={"application_id": visa.pk}),
        {"submitted_on": TODAY.isoformat()},
    )
    refused = client.post(
        reverse("application_decision", kwargs={"application_id": visa.pk}),
        {"decision": "refused", "decided_on": TODAY.isoformat(), "refusal_reason": ""},
    )
    assert refused.status_code == 400
    assert "reason given for the refusal" in refused.content.decode()
    client.post(
        reverse("application_decision", kwargs={"application_id": visa.pk}),
        {
            "decision": "refused",
            "decided_on": TODAY.isoformat(),
            "refusal_reason": "Purpose of travel not proven",
        },
    )
    visa.refresh_from_db()
    assert visa.decision == Decision.REFUSED and visa.submitted_on == TODAY
    page = client.get(reverse("visit_detail", kwargs={"visit_id": visit.pk})).content.decode()
    assert "Purpose of travel not proven" in page
    client.post(
        reverse("visit_meeting", kwargs={"visit_id": visit.pk}),
        {
            "meeting_place": "Tirana",
            "meeting_date": TODAY.isoformat(),
            "met": "on",
            "outcome_notes": "They met.",
        },
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.MET


def test_a_date_that_is_not_a_day_is_refused(world: World) -> None:
    visit, visa, _document = planned_visit(world)
    client = world.client_for("caseworker_a")
    response = client.post(
        reverse("application_deadline", kwargs={"application_id": visa.pk}),
        {"deadline": "1404", "deadline_label": "Interview"},
    )
    assert response.status_code == 400
    assert "Give the day, the month and the year." in response.content.decode()
    response = client.post(
        reverse("visit_cancel", kwargs={"visit_id": visit.pk}), {"reason": "Postponed"}
    )
    assert response.status_code == 302


def test_the_deadlines_queue_lists_soonest_first_in_a_fixed_number_of_queries(
    world: World,
) -> None:
    visit, _visa, document = planned_visit(world, deadline=TODAY + datetime.timedelta(days=20))
    set_deadline(world.caseworker_a, document, TODAY + datetime.timedelta(days=3), "Biometrics")
    client = world.client_for("caseworker_a")
    url = reverse("visit_deadlines")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    for number in range(5):
        add_application(
            world.caseworker_a,
            visit,
            traveller="other",
            traveller_label=f"Brother {number}",
            kind="third_country_visa",
            authority=f"Consulate {number}",
            country="Turkey",
            deadline=TODAY + datetime.timedelta(days=30 + number),
            deadline_label="Appointment",
        )
    with CaptureQueriesContext(connection) as many:
        second = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    page = second.content.decode()
    assert page.index("Biometrics") < page.index("Documents to the embassy")
    assert page.index("Documents to the embassy") < page.index("Consulate 0")
    assert first.status_code == 200
