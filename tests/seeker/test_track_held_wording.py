"""A seeker whose message is held reads the same honest words as the sought person does: held for
review before it is sent, never "sent"; in Persian too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from seeker_support import decide, registration_with_contacts, seeker_request, signed_in

from conftest import World
from peyvand.consent.models import Choice
from peyvand.messaging.models import Message, MessageStatus

HELD_EN = "Your message is held for review before it is sent."
HELD_FA = "پیام شما پیش از ارسال برای بازبینی نگه داشته شده است."
PLAIN = "Call me on 0912 345 6789"
DISGUISED = "شماره‌ام صفر نه یک دو، سه چهار پنج، شش هفت هشت نه"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_held_reply_is_not_called_sent(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    decide(world, tracing_request, registration_with_contacts(world), Choice.MESSAGES_ONLY)

    response = client.post("/t/status/reply/", {"body": PLAIN}, follow=True)

    (held,) = [m for m in Message.objects.all() if m.body == PLAIN]
    assert held.status == MessageStatus.HELD and held.flags == ["phone"]
    page = response.content.decode()
    assert HELD_EN in page
    assert "Your message was sent." not in page


@pytest.mark.django_db
def test_a_held_reply_is_worded_in_persian_for_a_persian_seeker(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    client.cookies["django_language"] = "fa"
    decide(world, tracing_request, registration_with_contacts(world), Choice.MESSAGES_ONLY)

    page = client.post("/t/status/reply/", {"body": DISGUISED}, follow=True).content.decode()

    assert HELD_FA in page
