"""The whole tracing loop in a real browser, as the people who use it walk it.

A mother files in Persian; the engine proposes the man registered in Latin letters; a caseworker
confirms and asks him; he accepts "messages only"; a message goes each way; she never sees his
contact details. Then the decline path: her track page reads exactly as for "not found" (the
declined case closes when the caseworker ends the search, as a fruitless one does).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from browser.support import new_page, screenshot, sign_in
from conftest import make_world
from peyvand.matching.models import CandidatePair
from peyvand.people.models import ContactKind
from peyvand.people.services import ContactInput, NameInput, PersonInput, add_contact_detail
from peyvand.tracing.models import CaseOutcome, CaseState, TracingRequest
from peyvand.tracing.seeker import SeekerStatus
from peyvand.tracing.services import change_case_state, register_person

SOUGHT_PHONE = "+355 69 123 4567"


@pytest.fixture
def inline_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def file_request_in_persian(page: Page, base: str, sought: str, father: str) -> tuple[str, str]:
    page.goto(f"{base}/request/new/")
    expect(page.locator("body")).to_have_css("direction", "rtl")
    page.fill("[name=seeker_name]", "فاطمه رحیمی")
    page.select_option("[name=relationship]", "child")
    page.fill("[name=seeker_phone]", "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    page.fill("[name=sought_name_1]", sought)
    page.select_option("[name=sought_sex]", "m")
    page.fill("[name=sought_birth]", "۱۳۴۵")
    page.fill("[name=sought_birthplace]", "قزوین")
    page.fill("[name=sought_father]", father)
    page.fill("[name=last_contact_text]", "1370")
    page.fill("[name=message_for_sought]", "پسرم، همه سالم هستیم و دلمان برایت تنگ شده.")
    page.locator("form button[type=submit]").last.click()
    values = page.locator(".keep-value")
    expect(values.first).to_have_text(re.compile(r"PV-"))
    return values.nth(0).inner_text().strip(), values.nth(1).inner_text().strip()


def track(page: Page, base: str, code: str, passphrase: str) -> str:
    page.goto(f"{base}/t/")
    page.fill("[name=reference_code]", code)
    page.fill("[name=passphrase]", passphrase)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/t/status/"))
    return page.locator("main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_messages_only_walk(browser: Browser, live_server: Any, inline_tasks: None) -> None:
    world = make_world()
    base = live_server.url
    add_contact_detail(
        None,
        world.registration_a.person,
        ContactInput(kind=ContactKind.PHONE, value=SOUGHT_PHONE),
    )

    mother = new_page(browser, "fa")
    code, passphrase = file_request_in_persian(mother, base, "محمد رضا خدابنده", "حسین")
    screenshot(mother, "01-seeker-request-filed-fa")
    tracing_request = TracingRequest.objects.get(reference_code=code)

    # The engine proposed the Latin-script registration in the background.
    pair = CandidatePair.objects.get(
        tracing_request=tracing_request, registration=world.registration_a
    )
    assert pair.match_probability > 0.9

    caseworker = new_page(browser, "en", width=1280, height=900)
    sign_in(caseworker, base, "caseworker-a")
    caseworker.goto(f"{base}/staff/?tab=review")
    caseworker.click(f"a[href='/staff/pairs/{pair.pk}/']")
    expect(caseworker.locator("main")).to_contain_text("Mohammad Reza Khodabande")
    expect(caseworker.locator("main")).to_contain_text("محمد رضا خدابنده")
    assert SOUGHT_PHONE not in caseworker.content()
    screenshot(caseworker, "02-caseworker-review")
    caseworker.fill(
        f"form[action='/staff/pairs/{pair.pk}/confirm/'] [name=reason]",
        "Father, year and place agree",
    )
    caseworker.click("text=Confirm: same person")
    caseworker.check("input[name=channel][value=app]")
    caseworker.click("text=Ask the sought person")
    screenshot(caseworker, "03-caseworker-asked")

    son = new_page(browser, "en")
    sign_in(son, base, "registrant")
    son.goto(f"{base}/me/")
    son.locator("a[href^='/me/questions/']").first.click()
    screenshot(son, "04-sought-person-question")
    son.check("input[name=choice][value=messages_only]")
    son.click("text=Send my answer")
    son.goto(f"{base}/me/")
    son.locator("a[href^='/me/threads/']").first.click()
    expect(son.locator("main")).to_contain_text("همه سالم هستیم")
    son.fill("[name=body]", "Mother, I am well. I think of you every day.")
    son.click("text=Send")
    screenshot(son, "05-sought-person-thread")

    mother_text = track(mother, base, code, passphrase)
    with translation.override("fa"):
        assert str(SeekerStatus.LABELS[SeekerStatus.MESSAGE_WAITING]) in mother_text
    mother.locator("form[action='/t/status/read/'] button").click()
    expect(mother.locator("main")).to_contain_text("I think of you every day")
    with translation.override("fa"):
        in_contact = str(SeekerStatus.LABELS[SeekerStatus.IN_CONTACT])
    # Read, and in contact: not "in progress, this can take a long time" (issue 15, item 6).
    expect(mother.locator("section.status")).to_contain_text(in_contact)
    assert SOUGHT_PHONE not in mother.content()
    assert "+355" not in mother.content()
    mother.fill("[name=body]", "پسرم، خدا را شکر. منتظر خبرت هستیم.")
    mother.locator("form[action='/t/status/reply/'] button").click()
    screenshot(mother, "06-seeker-track-messages-fa")
    assert SOUGHT_PHONE not in mother.content()

    son.reload()
    expect(son.locator("main")).to_contain_text("منتظر خبرت هستیم")


@pytest.mark.django_db(transaction=True)
def test_decline_reads_exactly_like_not_found(
    browser: Browser, live_server: Any, inline_tasks: None
) -> None:
    world = make_world()
    base = live_server.url
    register_person(
        None,
        world.agency_a,
        PersonInput(
            names=[NameInput(full="Hamid Sanjari")],
            sex="m",
            birth_date_text="1968",
            birthplace="Tabriz",
            father_given_name="Jafar",
        ),
        consent_method="self",
    )
    mother = new_page(browser, "fa")
    declined_code, declined_pass = file_request_in_persian(mother, base, "محمد رضا خدابنده", "حسین")
    lost_code, lost_pass = file_request_in_persian(mother, base, "بهرام نیک‌نام", "کاظم")

    pair = CandidatePair.objects.get(
        tracing_request__reference_code=declined_code, registration=world.registration_a
    )
    caseworker = new_page(browser, "en", width=1280, height=900)
    sign_in(caseworker, base, "caseworker-a")
    caseworker.goto(f"{base}/staff/pairs/{pair.pk}/")
    caseworker.click("text=Confirm: same person")
    caseworker.check("input[name=channel][value=app]")
    caseworker.click("text=Ask the sought person")

    son = new_page(browser, "en")
    sign_in(son, base, "registrant")
    son.goto(f"{base}/me/")
    son.locator("a[href^='/me/questions/']").first.click()
    son.check("input[name=choice][value=decline]")
    son.click("text=Send my answer")
    son.wait_for_selector("text=Your answer is recorded")

    # Right after the answer the declined request still reads "in progress", as a search does.
    declined = TracingRequest.objects.get(reference_code=declined_code)
    assert declined.case.state == CaseState.SEARCHING
    # The caseworker ends both searches at the same review.
    nobody = TracingRequest.objects.get(reference_code=lost_code)
    change_case_state(
        world.caseworker_a, nobody.case, CaseState.CLOSED, "no match", outcome=CaseOutcome.NOT_FOUND
    )
    change_case_state(
        world.caseworker_a,
        declined.case,
        CaseState.CLOSED,
        "search ended",
        outcome=CaseOutcome.DECLINED,
    )

    declined_page = track(mother, base, declined_code, declined_pass)
    screenshot(mother, "07-seeker-track-declined-fa")
    mother.locator("form[action='/t/leave/'] button").click()
    not_found_page = track(mother, base, lost_code, lost_pass)
    screenshot(mother, "08-seeker-track-not-found-fa")
    assert declined_page == not_found_page
    with translation.override("fa"):
        assert str(SeekerStatus.LABELS[SeekerStatus.CLOSED]) in declined_page
