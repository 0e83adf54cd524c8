"""A visit in a real browser: a caseworker plans a visit on a case in contact, adds two
applications (a visa with a deadline, a travel document), the reminder job runs and the
deadline shows its reminder in the queue; then a refusal with its reason and an approval."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from browser.support import new_page, screenshot, sign_in
from conftest import make_world
from peyvand.tracing.models import CaseState
from peyvand.tracing.services import assign_case, change_case_state
from peyvand.visits.models import Decision, TravelApplication, Visit

TODAY = datetime.date.today()
DEADLINE = TODAY + datetime.timedelta(days=4)
REFUSAL = "Insufficient proof of the family relationship"


@pytest.fixture
def inline_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PEYVAND_VISIT_REMINDER_DAYS = 7


def add_application(page: Page, fields: dict[str, str]) -> None:
    form = page.locator("form[action$='/applications/']")
    for name, value in fields.items():
        if name in ("traveller", "kind"):
            form.locator(f"[name={name}]").select_option(value)
        else:
            form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    expect(page.locator("ul.messages")).to_contain_text("Application added")


def decide(page: Page, application: TravelApplication, decision: str, reason: str = "") -> None:
    section = page.locator(f"#application-{application.pk}")
    section.locator("summary", has_text="Record the decision").click()
    form = section.locator(f"form[action$='/applications/{application.pk}/decision/']")
    form.locator("[name=decision]").select_option(decision)
    form.locator("[name=decided_on]").fill(TODAY.isoformat())
    if reason:
        form.locator("[name=refusal_reason]").fill(reason)
    form.locator("button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_plan_a_visit_see_the_reminder_record_a_refusal_and_an_approval(
    browser: Browser, live_server: Any, inline_tasks: None
) -> None:
    world = make_world()
    case = world.case_a
    for state in (
        CaseState.MATCH_CONFIRMED,
        CaseState.AWAITING_DECISION,
        CaseState.CONTACT_ESTABLISHED,
    ):
        change_case_state(world.caseworker_a, case, state, "walked the loop")
    world.caseworker_a.email = "caseworker-a@agency-a.example.org"
    world.caseworker_a.save()
    assign_case(world.supervisor_a, case, world.caseworker_a)
    base = live_server.url

    page = new_page(browser, "en", width=1280, height=900)
    sign_in(page, base, "caseworker-a")
    page.goto(f"{base}/cases/{case.pk}/")
    page.click("text=Visits, visas and travel documents")
    page.fill("[name=host_country]", "Albania")
    page.fill("[name=meeting_place]", "Tirana")
    page.click("text=Plan the visit")
    expect(page.locator("h1")).to_contain_text("Visit")
    visit = Visit.objects.get(case=case)

    add_application(
        page,
        {
            "traveller": "seeker",
            "kind": "host_visa",
            "authority": "Embassy of Albania, Tehran",
            "country": "Albania",
            "deadline": DEADLINE.isoformat(),
            "deadline_label": "Hand in the visa documents",
        },
    )
    add_application(
        page,
        {
            "traveller": "sought_person",
            "kind": "travel_document",
            "authority": "Ministry of Interior, Tirana",
            "country": "Albania",
        },
    )
    visa, document = visit.applications.order_by("id")
    # tick the first document of the visa checklist
    page.locator(f"#application-{visa.pk} .checklist button").first.click()
    expect(page.locator(f"#application-{visa.pk} .checklist .done")).to_have_count(1)
    expect(page.locator(f"#application-{visa.pk} .deadline")).to_contain_text(
        "Hand in the visa documents"
    )
    screenshot(page, "visit-01-planned-with-two-applications")

    # The deadline is in the queue; the reminder job sends its e-mail once and marks it there.
    page.click("header >> text=Deadlines")
    row = page.locator("tr", has_text="Hand in the visa documents")
    expect(row).to_contain_text("not yet")
    call_command("visits", "remind")
    call_command("visits", "remind")
    assert [message.to for message in mail.outbox] == [["caseworker-a@agency-a.example.org"]]
    page.reload()
    expect(row).to_contain_text("Reminder sent")
    screenshot(page, "visit-02-deadlines-queue-reminder-sent")

    row.locator("a").first.click()
    decide(page, visa, "refused", REFUSAL)
    expect(page.locator(f"#application-{visa.pk} .refusal")).to_contain_text(REFUSAL)
    decide(page, document, "approved")
    expect(page.locator(f"#application-{document.pk} .badge")).to_contain_text("Approved")
    expect(page.locator(f"#application-{visa.pk} .badge")).to_contain_text("Refused")
    screenshot(page, "visit-03-refusal-and-approval")

    visa.refresh_from_db()
    document.refresh_from_db()
    assert (visa.decision, visa.refusal_reason) == (Decision.REFUSED, REFUSAL)
    assert document.decision == Decision.APPROVED

    # The decided visa leaves the deadlines queue.
    page.click("header >> text=Deadlines")
    expect(page.locator("main")).to_contain_text("No open deadlines.")

    # The same visit page in Persian reads right to left.
    page.goto(f"{base}/staff/visits/{visit.pk}/")
    page.click("button[name=language][value=fa]")
    expect(page.locator("body")).to_have_css("direction", "rtl")
    screenshot(page, "visit-04-visit-page-fa")
