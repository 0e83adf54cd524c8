"""A number split over several messages is held when its last part is written; numbers that
only add up by chance (ages, one side's digits and the other's) are relayed."""

from __future__ import annotations

import pytest
from staff_setup import contact_established

from conftest import World
from peyvand.messaging.models import Direction, MessageStatus
from peyvand.messaging.services import write_message


@pytest.mark.django_db
def test_a_number_split_over_two_messages_is_held_when_completed(world: World) -> None:
    contact_established(world)
    first = write_message(world.registrant, world.case_a, Direction.TO_SEEKER, "write this: 0694")
    assert first.status == MessageStatus.DELIVERED
    second = write_message(world.registrant, world.case_a, Direction.TO_SEEKER, "412 880")
    assert (second.status, second.flags) == (MessageStatus.HELD, ["phone", "over_messages"])
    # Held for a caseworker to read, never dropped: it is in the agency's moderation queue, and
    # the caseworker is told to read it with the messages before it.
    page = world.client_for("caseworker_a").get("/staff/messages/").content.decode()
    assert f"/staff/messages/{second.pk}/" in page
    assert '<span class="badge flag">with the writer\'s previous messages</span>' in page


@pytest.mark.django_db
def test_a_number_spelled_over_three_messages_is_held(world: World) -> None:
    contact_established(world)
    for text in ("صفر نه", "یک دو سه"):
        message = write_message(None, world.case_a, Direction.TO_SOUGHT, text)
        assert message.status == MessageStatus.DELIVERED, text
    last = write_message(None, world.case_a, Direction.TO_SOUGHT, "چهار پنج ۶۷")
    assert (last.status, last.flags) == (MessageStatus.HELD, ["phone", "over_messages"])


@pytest.mark.django_db
def test_ages_and_the_other_sides_digits_do_not_add_up(world: World) -> None:
    contact_established(world)
    write_message(None, world.case_a, Direction.TO_SOUGHT, "Mum is 72 and dad 75 now")
    write_message(world.registrant, world.case_a, Direction.TO_SEEKER, "my room is 4412")
    later = ("the children are 14 and 11", "we paid 880 for the flat", "1402/05/12 was the day")
    for text in later:
        message = write_message(None, world.case_a, Direction.TO_SOUGHT, text)
        assert message.status == MessageStatus.DELIVERED, text
