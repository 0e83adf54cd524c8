"""Issue 15, item 3: a held message is judged in context — preview, thread, consent in force."""

from __future__ import annotations

import pytest
from django.urls import reverse
from staff_setup import contact_established, hold_message

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.consent.models import Decision
from peyvand.consent.services import withdraw_decision
from peyvand.messaging.models import MessageStatus
from peyvand.messaging.services import write_message

LONG = "سلام " + "خواهرم، " * 60 + "پایان"


@pytest.mark.django_db
def test_the_queue_shows_an_escaped_preview_and_no_consent_when_none_is_in_force(
    world: World,
) -> None:
    hold_message(world.request_a, body=LONG)
    hold_message(world.request_a, body="<script>alert(1)</script> 0912 345 6789")
    page = world.client_for("caseworker_a").get("/staff/messages/").content.decode()
    assert LONG not in page and LONG[:150] in page  # cut near 200 characters
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert page.count("none in force") == 2


@pytest.mark.django_db
def test_a_withdrawn_consent_is_not_shown_as_in_force(world: World) -> None:
    contact_established(world)
    write_message(world.registrant, world.case_a, "to_seeker", "my number is 0912 345 6789")
    queue = world.client_for("caseworker_a").get(reverse("staff_queues"), {"tab": "messages"})
    assert "<td>Messages through the platform only</td>" in queue.content.decode()
    withdraw_decision(world.caseworker_a, Decision.objects.get())
    page = world.client_for("caseworker_a").get("/staff/messages/").content.decode()
    assert "Messages through the platform only" not in page


@pytest.mark.django_db
def test_the_thread_shows_the_case_messages_in_order_to_its_agency_only(world: World) -> None:
    contact_established(world)
    first = write_message(world.seeker, world.case_a, "to_sought", "We are well, and you?")
    held = write_message(world.registrant, world.case_a, "to_seeker", "call 0912 345 6789")
    assert held.status == MessageStatus.HELD
    url = reverse("message_thread", args=[world.case_a.pk])
    page = world.client_for("caseworker_a").get(url).content.decode()
    assert page.index("We are well, and you?") < page.index("call 0912 345 6789")
    assert reverse("message_moderate", args=[held.pk]) in page
    assert AuditEvent.objects.filter(action="message.thread_read").exists()
    for persona in ("caseworker_b", "seeker", "registrant", "outsider"):
        assert world.client_for(persona).get(url).status_code == 404, persona
    assert first.pk
