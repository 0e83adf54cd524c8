"""The track page shows what the family filed and added, in the reader's calendar, and nothing the
registry or a caseworker contributed (issue 15, item 12)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from seeker_support import (
    PASSPHRASE,
    decide,
    registration_with_contacts,
    signed_in,
)

from conftest import World, sought_person
from peyvand.accounts.models import Role
from peyvand.accounts.services import create_user
from peyvand.consent.models import Choice
from peyvand.core.dates import Calendar
from peyvand.core.display import show_partial_date
from peyvand.people.services import ContactInput, NameInput, PersonInput
from peyvand.tracing.models import CaseOutcome, CaseState, TracingRequest
from peyvand.tracing.services import add_case_note, change_case_state, submit_tracing_request


def filed(world: World) -> TracingRequest:
    return submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(
            names=[NameInput(full="مریم کریمی")],
            contacts=(ContactInput(kind="phone", value="09120000000"),),
        ),
        sought=sought_person("رضا کریمی"),
        relationship="sibling",
        last_contact_text="1370/02/15",
        last_contact_place="مشهد",
        passphrase=PASSPHRASE,
    )


def fa_page(client: Client) -> str:
    client.post("/i18n/setlang/", {"language": "fa", "next": "/t/status/"})
    return client.get("/t/status/").content.decode()


@pytest.mark.django_db
def test_the_family_sees_what_it_filed_in_jalali_with_persian_digits(world: World) -> None:
    tracing_request = filed(world)
    client = signed_in(tracing_request)
    assert client.post("/t/status/add/", {"text": "او خالکوبی روی دست چپ دارد"}).status_code == 302
    page = fa_page(client)
    summary = page.split('class="card summary"')[1].split("</section>")[0]
    assert "آنچه فرستادید" in summary
    assert "رضا کریمی" in summary and "برادر یا خواهر" in summary
    assert "۱۳۷۰/۰۲/۱۵" in summary and "مشهد" in summary
    today = datetime.date.today()
    jalali_today = show_partial_date(
        today, "day", "gregorian", "", reader=Calendar.JALALI, language="fa"
    )
    assert jalali_today.startswith("۱۴") and summary.count(jalali_today) == 2  # filed, added
    assert "آنچه بعداً افزودید" in summary and "او خالکوبی روی دست چپ دارد" in summary

    client.post("/i18n/setlang/", {"language": "en", "next": "/t/status/"})
    english = client.get("/t/status/").content.decode()
    assert "What you sent" in english and today.isoformat() in english
    assert "1991-05-05" in english  # 1370/02/15 in the Gregorian calendar

    # Once closed, the page shows nothing but "closed", as for every other closing cause.
    change_case_state(
        world.caseworker_a,
        tracing_request.case,
        CaseState.CLOSED,
        "no trace",
        outcome=CaseOutcome.NOT_FOUND,
    )
    closed = client.get("/t/status/").content.decode()
    assert "What you sent" not in closed and "رضا کریمی" not in closed


@pytest.mark.django_db
def test_the_summary_holds_nothing_from_the_registry_or_the_caseworkers(world: World) -> None:
    tracing_request = filed(world)
    client = signed_in(tracing_request)
    decide(world, tracing_request, registration_with_contacts(world), Choice.MESSAGES_ONLY)
    add_case_note(world.caseworker_a, tracing_request.case, "تماس با دفتر تیرانا")
    departing = create_user(
        None, username="leaving", password="x" * 20, role=Role.CASEWORKER, agency=world.agency_a
    )
    add_case_note(departing, tracing_request.case, "یادداشت همکار رفته")
    departing.delete()  # the note's author becomes empty: it must still not read as the family's
    page = client.get("/t/status/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    summary = page.split('class="card summary"')[1].split("</section>")[0]
    for absent in ("Reza Karimi", "Durrës", "+355", "تیرانا", "همکار رفته", "What you added later"):
        assert absent not in summary, absent
