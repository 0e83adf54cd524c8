"""E-mail notices go through Django's SMTP backend to a real SMTP server started by the test,
and never carry a name, a place or a message text."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message as EmailMessage
from typing import Any

import pytest

from conftest import World
from pair_support import confirmed_pair
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.messaging.services import write_message
from peyvand.people.models import ContactKind
from smtp_inbox import Inbox, local_smtp


@pytest.fixture
def smtp_inbox(settings: Any) -> Iterator[Inbox]:
    with local_smtp(settings) as inbox:
        yield inbox


def _body(message: EmailMessage) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


@pytest.mark.django_db(transaction=True)
def test_question_and_messages_send_neutral_notices(world: World, smtp_inbox: Inbox) -> None:
    world.registrant.email = "sought@example.org"
    world.registrant.language = "en"
    world.registrant.save()
    world.request_a.seeker.contacts.create(kind=ContactKind.EMAIL, value="mother@example.org")
    pair = confirmed_pair(world)

    asked = ask_sought_person(world.caseworker_a, pair, "app")
    assert [rcpt for rcpt, _ in smtp_inbox.received] == [["sought@example.org"]]
    question = smtp_inbox.received[0][1]
    assert "question is waiting" in question["Subject"]

    record_decision(world.registrant, asked, "messages_only", channel="app")
    write_message(world.registrant, world.case_a, "to_seeker", "We are all well. Ali")
    recipients = [rcpt for rcpt, _ in smtp_inbox.received]
    assert ["mother@example.org"] in recipients
    for _rcpt, mail in smtp_inbox.received:
        body = _body(mail)
        for secret in ("Ali", "Khodabande", "خدابنده", "Qazvin", "We are all well"):
            assert secret not in body
            assert secret not in mail["Subject"]


@pytest.mark.django_db(transaction=True)
def test_held_message_sends_no_notice_until_approved(world: World, smtp_inbox: Inbox) -> None:
    world.request_a.seeker.contacts.create(kind=ContactKind.EMAIL, value="mother@example.org")
    pair = confirmed_pair(world)
    asked = ask_sought_person(world.caseworker_a, pair, "in_person")
    record_decision(world.caseworker_a, asked, "messages_only", channel="in_person")
    before = len(smtp_inbox.received)
    message = write_message(world.registrant, world.case_a, "to_seeker", "Call me: 0912 345 6789")
    assert message.status == "held"
    assert message.flags == ["phone"]
    assert len(smtp_inbox.received) == before
