"""Messages on the sought person's side: read, reply, and only while consent allows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from sought_support import ask_registrant, second_registrant

from conftest import World
from peyvand.actions.decisions import record_decision
from peyvand.consent.models import Decision
from peyvand.consent.services import withdraw_decision
from peyvand.messaging.models import Direction, Message, MessageStatus
from peyvand.messaging.services import write_message
from peyvand.tracing.models import Case


def consent_to_messages(world: World, choice: str = "messages_only") -> Decision:
    asked = ask_registrant(world)
    return record_decision(world.registrant, asked, choice, channel="app")


def case_a(world: World) -> Case:
    return Case.objects.get(pk=world.case_a.pk)


@pytest.mark.django_db
def test_the_seekers_first_message_arrives_only_with_consent(world: World) -> None:
    world.request_a.message_for_sought = "پسرم، مادرت هنوز منتظر است"
    world.request_a.save()
    asked = ask_registrant(world)
    client = world.client_for("registrant")
    assert not Message.objects.exists()

    client.post(reverse("question_answer", args=[asked.pk]), {"choice": "messages_only"})

    decision = Decision.objects.get()
    home = client.get(reverse("registrant_home")).content.decode()
    assert reverse("sought_thread", args=[decision.pk]) in home
    assert "1 new message" in home
    thread = client.get(reverse("sought_thread", args=[decision.pk]))
    assert thread.status_code == 200
    assert "پسرم، مادرت هنوز منتظر است" in thread.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("allow_receipt", [True, False])
def test_reading_marks_read_with_the_readers_receipt_choice(
    world: World, allow_receipt: bool
) -> None:
    decision = consent_to_messages(world)
    message = write_message(world.seeker, case_a(world), Direction.TO_SOUGHT, "سلام، خوبی؟")
    client = world.client_for("registrant")
    url = reverse("sought_thread", args=[decision.pk])
    client.get(url)
    assert Message.objects.get(pk=message.pk).read_at is None  # looking is not yet "read"

    data = {"allow_receipt": "on"} if allow_receipt else {}
    response = client.post(reverse("sought_thread_read", args=[decision.pk]), data)

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None
    assert message.receipt_allowed is allow_receipt


@pytest.mark.django_db
def test_the_sought_person_replies_while_relay_is_allowed(world: World) -> None:
    decision = consent_to_messages(world)
    client = world.client_for("registrant")

    response = client.post(
        reverse("sought_thread_reply", args=[decision.pk]), {"body": "I am well. Kiss mother."}
    )

    assert response.status_code == 302
    reply = Message.objects.get(direction=Direction.TO_SEEKER)
    assert (reply.status, reply.author, reply.case) == (
        MessageStatus.DELIVERED,
        world.registrant,
        case_a(world),
    )
    thread = client.get(reverse("sought_thread", args=[decision.pk])).content.decode()
    assert "I am well. Kiss mother." in thread


@pytest.mark.django_db
def test_a_reply_with_contact_details_is_held_and_shown_as_held(world: World) -> None:
    decision = consent_to_messages(world)
    client = world.client_for("registrant")

    client.post(
        reverse("sought_thread_reply", args=[decision.pk]), {"body": "Call me on +355 69 123 4567"}
    )

    assert Message.objects.get().status == MessageStatus.HELD
    thread = client.get(reverse("sought_thread", args=[decision.pk])).content.decode()
    assert "held for review" in thread


@pytest.mark.django_db
def test_an_agency_that_moderates_holds_every_reply(world: World) -> None:
    world.agency_a.moderates_messages = True
    world.agency_a.save()
    decision = consent_to_messages(world)
    world.client_for("registrant").post(
        reverse("sought_thread_reply", args=[decision.pk]), {"body": "Salam"}
    )
    assert Message.objects.get().status == MessageStatus.HELD


@pytest.mark.django_db
def test_no_messages_either_way_after_withdrawal(world: World) -> None:
    decision = consent_to_messages(world)
    client = world.client_for("registrant")
    reply_url = reverse("sought_thread_reply", args=[decision.pk])
    client.post(reply_url, {"body": "first"})
    write_message(world.seeker, case_a(world), Direction.TO_SOUGHT, "answer")

    withdraw_decision(world.registrant, decision)

    refused = client.post(reply_url, {"body": "second"})
    assert refused.status_code == 400
    assert "Messages cannot be sent on this request now." in refused.content.decode()
    with pytest.raises(ValidationError):
        write_message(world.seeker, case_a(world), Direction.TO_SOUGHT, "are you there?")
    assert Message.objects.count() == 2
    thread = client.get(reverse("sought_thread", args=[decision.pk]))
    assert thread.status_code == 200
    assert "Messages can no longer be sent here." in thread.content.decode()
    assert 'name="body"' not in thread.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["not_now", "decline", "decline_forever"])
def test_refusals_open_no_thread(world: World, choice: str) -> None:
    decision = consent_to_messages(world, choice)
    client = world.client_for("registrant")
    assert client.get(reverse("sought_thread", args=[decision.pk])).status_code == 404
    response = client.post(reverse("sought_thread_reply", args=[decision.pk]), {"body": "hello"})
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        write_message(world.seeker, case_a(world), Direction.TO_SOUGHT, "hello")
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_another_registrant_cannot_read_or_write_the_thread(world: World) -> None:
    decision = consent_to_messages(world)
    write_message(world.seeker, case_a(world), Direction.TO_SOUGHT, "private news")
    _user, _registration, other = second_registrant(world)

    assert other.get(reverse("sought_thread", args=[decision.pk])).status_code == 404
    assert other.post(reverse("sought_thread_read", args=[decision.pk])).status_code == 404
    reply = other.post(reverse("sought_thread_reply", args=[decision.pk]), {"body": "intrude"})
    assert reply.status_code == 404
    assert "private news" not in other.get(reverse("registrant_home")).content.decode()
    assert Message.objects.get().read_at is None
    assert not Message.objects.filter(direction=Direction.TO_SEEKER).exists()
