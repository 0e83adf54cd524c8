"""Moderating held messages: the queue, reading the body, relaying or stopping with a reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from staff_setup import REFUSED, add_request_and_registration, contact_established, hold_message

from conftest import World
from peyvand.messaging.models import Message, MessageStatus
from peyvand.messaging.services import write_message

BODY = "Dear brother, my number is 0912 345 6789, call me"


@pytest.fixture
def held(world: World) -> Message:
    """A real message from the sought person, held because it carries a phone number."""
    contact_established(world)
    message = write_message(world.registrant, world.case_a, "to_seeker", BODY)
    assert message.status == MessageStatus.HELD and message.flags == ["phone"]
    return message


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["seeker", "registrant", "outsider"])
def test_moderation_queue_is_not_found_for_non_staff(world: World, persona: str) -> None:
    assert world.client_for(persona).get("/staff/messages/").status_code == 404


@pytest.mark.django_db
def test_queue_lists_the_agency_held_messages_with_their_flags(world: World, held: Message) -> None:
    page = world.client_for("caseworker_a").get("/staff/messages/").content.decode()
    assert f"/staff/messages/{held.pk}/" in page
    assert '<span class="badge flag">phone number</span>' in page
    # Issue 15, item 3: the row shows a preview, the thread and the consent in force.
    assert f'<bdi dir="auto" class="preview">{BODY}</bdi>' in page
    assert f"/staff/messages/cases/{world.case_a.pk}/" in page
    assert "<td>Messages through the platform only</td>" in page
    other = world.client_for("caseworker_b").get("/staff/messages/").content.decode()
    assert f"/staff/messages/{held.pk}/" not in other


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REFUSED)
def test_a_held_message_is_not_found_for(world: World, held: Message, persona: str) -> None:
    client = world.client_for(persona)
    response = client.get(f"/staff/messages/{held.pk}/")
    assert response.status_code == 404
    assert BODY not in response.content.decode()
    data = {"decision": "approve", "reason": "fine"}
    assert client.post(f"/staff/messages/{held.pk}/", data).status_code == 404
    held.refresh_from_db()
    assert held.status == MessageStatus.HELD


@pytest.mark.django_db
def test_dpo_cannot_moderate(world: World, held: Message) -> None:
    data = {"decision": "approve", "reason": "fine"}
    assert world.client_for("dpo").post(f"/staff/messages/{held.pk}/", data).status_code == 404
    held.refresh_from_db()
    assert held.status == MessageStatus.HELD


@pytest.mark.django_db
def test_caseworker_relays_without_a_reason_but_stops_with_one(world: World, held: Message) -> None:
    client = world.client_for("caseworker_a")
    page = client.get(f"/staff/messages/{held.pk}/").content.decode()
    assert BODY in page and "phone number" in page
    missing = client.post(f"/staff/messages/{held.pk}/", {"decision": "stop", "reason": " "})
    assert missing.status_code == 400
    assert "Give a reason for stopping the message." in missing.content.decode()
    held.refresh_from_db()
    assert held.status == MessageStatus.HELD
    # Relaying needs no reason (issue 15, item 3).
    response = client.post(f"/staff/messages/{held.pk}/", {"decision": "approve", "reason": ""})
    assert response.status_code == 302 and response["Location"] == "/staff/messages/"
    held.refresh_from_db()
    assert (held.status, held.moderated_by) == (MessageStatus.DELIVERED, world.caseworker_a)
    assert held.delivered_at is not None
    again = client.post(f"/staff/messages/{held.pk}/", {"decision": "stop", "reason": "late"})
    assert again.status_code == 400
    assert "not waiting for moderation" in again.content.decode()


@pytest.mark.django_db
def test_caseworker_stops_a_message_with_a_reason(world: World, held: Message) -> None:
    client = world.client_for("caseworker_a")
    response = client.post(
        f"/staff/messages/{held.pk}/", {"decision": "stop", "reason": "carries a phone number"}
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.moderation_reason) == (
        MessageStatus.REJECTED,
        "carries a phone number",
    )
    assert f"/staff/messages/{held.pk}/" not in client.get("/staff/messages/").content.decode()


@pytest.mark.django_db
def test_an_unknown_decision_is_refused(world: World, held: Message) -> None:
    client = world.client_for("caseworker_a")
    data = {"decision": "publish", "reason": "x"}
    assert client.post(f"/staff/messages/{held.pk}/", data).status_code == 400


def _queries(fetch: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)


@pytest.mark.django_db
def test_queue_query_count_does_not_grow_with_messages(world: World) -> None:
    client = world.client_for("caseworker_a")
    hold_message(world.request_a)
    client.get("/staff/messages/")
    few = _queries(lambda: client.get("/staff/messages/"))
    for index in range(6):
        tracing_request, _ = add_request_and_registration(world, index)
        hold_message(tracing_request)
        hold_message(tracing_request, body="see www.example.org")
    many = _queries(lambda: client.get("/staff/messages/"))
    assert few == many, (few, many)
