"""What the track page discloses: one closed page for every cause, shared contacts only as the
sought person chose, relayed messages only while relaying is allowed; withdrawal and additions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from seeker_support import (
    decide,
    registration_with_contacts,
    seeker_request,
    signed_in,
    status_of,
    without_csrf,
)

from conftest import World
from pair_support import confirmed_pair
from peyvand.actions.decisions import ask_sought_person
from peyvand.audit.models import AuditEvent
from peyvand.consent.models import AskStatus, Choice, DecisionRequest
from peyvand.consent.services import withdraw_decision
from peyvand.messaging.models import Direction, Message, MessageStatus
from peyvand.messaging.services import mark_read, write_message
from peyvand.tracing.models import CaseNote, CaseOutcome, CaseState, RequestStatus, TracingRequest
from peyvand.tracing.seeker import seeker_label
from peyvand.tracing.services import change_case_state

CONTACT_VALUES = ("+355 69 111 2222", "reza.karimi@example.org", "Rruga e Durrësit 7, Tirana")


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def page_of(client: Client) -> str:
    response = client.get("/t/status/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_three_closing_causes_render_byte_identical(world: World) -> None:
    not_found = seeker_request(world.agency_a, name="رضا کریمی", message="سلام")
    declined = seeker_request(world.agency_a, name="سارا کریمی", message="سلام")
    withdrawn = seeker_request(world.agency_a, name="نرگس کریمی", message="سلام")
    clients = {
        key: signed_in(req)
        for key, req in (("not_found", not_found), ("declined", declined), ("withdrawn", withdrawn))
    }

    change_case_state(
        world.caseworker_a,
        not_found.case,
        CaseState.CLOSED,
        "no trace",
        outcome=CaseOutcome.NOT_FOUND,
    )
    decide(world, declined, registration_with_contacts(world), Choice.DECLINE)
    # A declined case closes when the caseworker ends the search, as a "not found" one does.
    change_case_state(
        world.caseworker_a, declined.case, CaseState.CLOSED, "search ended", outcome="declined"
    )
    assert clients["withdrawn"].post("/t/status/withdraw/").status_code == 302

    outcomes = {
        key: TracingRequest.objects.get(pk=req.pk).case.outcome
        for key, req in (("not_found", not_found), ("declined", declined), ("withdrawn", withdrawn))
    }
    assert outcomes == {"not_found": "not_found", "declined": "declined", "withdrawn": "withdrawn"}

    responses = {key: client.get("/t/status/") for key, client in clients.items()}
    assert {r.status_code for r in responses.values()} == {200}
    bodies = {key: without_csrf(r.content) for key, r in responses.items()}
    assert bodies["not_found"] == bodies["declined"] == bodies["withdrawn"]
    assert len({len(r.content) for r in responses.values()}) == 1
    page = bodies["declined"].decode()
    assert "Closed" in page
    for absent in ("/t/status/reply/", "/t/status/add/", "/t/status/withdraw/", "PV-", "سلام"):
        assert absent not in page

    # The forms behind the page answer alike too, and write nothing.
    for key, client in clients.items():
        for url, field in (("/t/status/reply/", "body"), ("/t/status/add/", "text")):
            for text in ("x", ""):
                response = client.post(url, {field: text})
                assert (response.status_code, response["Location"]) == (302, "/t/status/"), key
        assert client.get("/t/status/withdraw/")["Location"] == "/t/status/"
    # Bodies and notes are encrypted at rest (not searchable): compare in Python.
    assert "x" not in Message.objects.values_list("body", flat=True)
    assert "x" not in CaseNote.objects.values_list("text", flat=True)


@pytest.mark.django_db
def test_share_contact_shows_exactly_the_chosen_kinds(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    decide(
        world,
        tracing_request,
        registration_with_contacts(world),
        Choice.SHARE_CONTACT,
        ["phone", "address"],
    )
    page = page_of(client)
    assert CONTACT_VALUES[0] in page and CONTACT_VALUES[2] in page
    assert CONTACT_VALUES[1] not in page
    # Never the registered person's own record: not their name as registered, nor birthplace.
    assert "Reza Karimi" not in page and "Durrës</" not in page


@pytest.mark.django_db
def test_messages_only_shares_no_contact_details(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    decide(world, tracing_request, registration_with_contacts(world), Choice.MESSAGES_ONLY)
    page = page_of(client)
    assert not any(value in page for value in CONTACT_VALUES)
    assert "Reza Karimi" not in page
    assert 'action="/t/status/reply/"' in page


@pytest.mark.django_db
def test_withdrawn_consent_hides_contacts_and_stops_relay_at_once(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    decision = decide(
        world, tracing_request, registration_with_contacts(world), Choice.SHARE_CONTACT, ["phone"]
    )
    assert CONTACT_VALUES[0] in page_of(client)
    withdraw_decision(world.caseworker_a, decision)
    page = page_of(client)
    assert CONTACT_VALUES[0] not in page
    assert 'action="/t/status/reply/"' not in page
    assert status_of(client) == "closed"


@pytest.mark.django_db
def test_messages_each_way_with_read_receipts_only_when_allowed(world: World) -> None:
    tracing_request = seeker_request(world.agency_a, message="پسرم، ما منتظریم.")
    client = signed_in(tracing_request)
    decide(world, tracing_request, registration_with_contacts(world), Choice.MESSAGES_ONLY)
    case = tracing_request.case

    # The message written with the request was relayed once contact was agreed.
    page = page_of(client)
    assert "پسرم، ما منتظریم." in page and "Delivered" in page

    news = write_message(world.caseworker_a, case, Direction.TO_SEEKER, "مادر جان، من خوبم.")
    page = page_of(client)
    assert "You have a new message." in page
    assert "مادر جان، من خوبم." not in page  # opened on request, so the receipt choice comes first
    assert client.post("/t/status/read/", {"allow_receipt": "on"}).status_code == 302
    news.refresh_from_db()
    assert news.read_at is not None and news.receipt_allowed
    assert "مادر جان، من خوبم." in page_of(client)

    second = write_message(world.caseworker_a, case, Direction.TO_SEEKER, "دوباره سلام")
    client.post("/t/status/read/", {})
    second.refresh_from_db()
    assert second.read_at is not None and not second.receipt_allowed

    response = client.post("/t/status/reply/", {"body": "خدا را شکر!"})
    assert response.status_code == 302
    (reply,) = [m for m in Message.objects.all() if m.body == "خدا را شکر!"]
    assert (reply.direction, reply.status) == (Direction.TO_SOUGHT, MessageStatus.DELIVERED)
    assert AuditEvent.objects.filter(
        action="message.written_by_seeker", actor_label=seeker_label(tracing_request)
    ).exists()
    assert "Your message was sent." in page_of(client)

    held = client.post("/t/status/reply/", {"body": "شماره من ۰۹۱۲۳۴۵۶۷۸۹ است"})
    assert held.status_code == 302
    (held_message,) = [m for m in Message.objects.all() if m.body.startswith("شماره من")]
    assert held_message.status == MessageStatus.HELD
    assert "Held for review" in page_of(client)

    # The seeker sees "Read" only when the sought person allows the receipt.
    mark_read(None, reply, allow_receipt=False)
    page = page_of(client)
    reply_block = page.split("خدا را شکر!")[0].rsplit('<article class="message">', 1)[1]
    assert "Delivered" in reply_block and "Read<" not in reply_block
    reply.read_at = None  # set-up: read it again, this time allowing the receipt
    reply.save(update_fields=["read_at"])
    mark_read(None, reply, allow_receipt=True)
    reply_block = page_of(client).split("خدا را شکر!")[0].rsplit('<article class="message">', 1)[1]
    assert "Read<" in reply_block

    empty = client.post("/t/status/reply/", {"body": "   "})
    assert empty.status_code == 400 and "A message cannot be empty." in empty.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["open", "awaiting", "on_hold"])
def test_no_reply_form_unless_relay_is_allowed(world: World, stage: str) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    registration = registration_with_contacts(world)
    if stage == "awaiting":
        pair = confirmed_pair(world, tracing_request, registration)
        ask_sought_person(world.caseworker_a, pair, "in_person")
    elif stage == "on_hold":
        decide(world, tracing_request, registration, Choice.NOT_NOW)
    assert 'action="/t/status/reply/"' not in page_of(client)
    response = client.post("/t/status/reply/", {"body": "سلام"})
    assert (response.status_code, response["Location"]) == (302, "/t/status/")
    assert not tracing_request.case.messages.exists()


@pytest.mark.django_db
def test_withdraw_asks_first_then_closes_at_once(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    registration = registration_with_contacts(world)
    pair = confirmed_pair(world, tracing_request, registration)
    asked = ask_sought_person(world.caseworker_a, pair, "in_person")

    confirm = client.get("/t/status/withdraw/")
    assert confirm.status_code == 200 and "Yes, withdraw my request" in confirm.content.decode()
    tracing_request.refresh_from_db()
    assert tracing_request.withdrawn_at is None

    assert client.post("/t/status/withdraw/")["Location"] == "/t/status/"
    tracing_request.refresh_from_db()
    assert tracing_request.withdrawn_at is not None
    assert tracing_request.status == RequestStatus.CLOSED
    assert (tracing_request.case.state, tracing_request.case.outcome) == ("closed", "withdrawn")
    assert DecisionRequest.objects.get(pk=asked.pk).status == AskStatus.CANCELLED
    assert status_of(client) == "closed"
    assert AuditEvent.objects.filter(
        action="tracing_request.withdrawn", actor_label=seeker_label(tracing_request)
    ).exists()
    # A second withdrawal changes nothing.
    client.post("/t/status/withdraw/")
    assert tracing_request.case.transitions.filter(to_state="closed").count() == 1


@pytest.mark.django_db
def test_add_information_becomes_an_audited_case_note(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    response = client.post(
        "/t/status/add/", {"text": "  برادرش در شیراز کار می‌کرد.  "}, follow=True
    )
    assert "What you wrote was added to your request." in response.content.decode()
    note = tracing_request.case.notes.get()
    assert (note.author, note.text) == (None, "برادرش در شیراز کار می‌کرد.")
    event = AuditEvent.objects.get(action="case.note_added", object_id=str(note.pk))
    assert event.actor_label == seeker_label(tracing_request)
    assert "شیراز" not in str(event.details)

    empty = client.post("/t/status/add/", {"text": ""})
    assert empty.status_code == 400
    assert "Please write what you want to add." in empty.content.decode()
    assert tracing_request.case.notes.count() == 1
