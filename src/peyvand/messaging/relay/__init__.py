"""The relay's reader: which kinds of contact detail a message seems to carry, alone or with the
messages its writer sent just before. A message that carries one is held for a caseworker."""

from __future__ import annotations

from collections.abc import Sequence

from peyvand.messaging.relay.addresses import has_address
from peyvand.messaging.relay.normalise import fold, unmask_digits
from peyvand.messaging.relay.number_words import spell_digits
from peyvand.messaging.relay.numbers import PHONE_DIGITS, has_phone_number, loose_fragments
from peyvand.messaging.relay.patterns import EMAIL, HANDLE, LINK, PHONE_WORD

KINDS = ("phone", "email", "link", "handle", "address")
# A number split over messages: how many of the writer's earlier messages are read with a new one.
EARLIER_MESSAGES = 3


def digit_view(text: str) -> str:
    """The folded text with look-alike letters and number words read as digits."""
    return spell_digits(unmask_digits(fold(text)))


def contact_kinds(text: str) -> list[str]:
    """Kinds of contact detail the text seems to carry, in the order of ``KINDS``."""
    folded = fold(text)
    view = spell_digits(unmask_digits(folded))
    found = {
        "phone": has_phone_number(view) or _number_in_pieces(folded, view),
        "email": bool(EMAIL.search(folded)),
        "link": bool(LINK.search(folded)),
        "handle": bool(HANDLE.search(folded)),
        "address": has_address(folded, fold(text, keep_case=True)),
    }
    return [kind for kind in KINDS if found[kind]]


def _number_in_pieces(folded: str, view: str) -> bool:
    """ "It starts with 069 441 and ends in 2880": in a message that speaks of a phone, pieces of
    three digits or more that make a phone-length number, or a phone-length list."""
    if not PHONE_WORD.search(folded):
        return False
    # A message about a phone gets no benefit of the doubt for a list of short numbers.
    fragments = loose_fragments(view, lists_harmless=False)
    pieces = [fragment for fragment in fragments if len(fragment) >= 3]
    longest = max(map(len, fragments), default=0)
    return longest >= PHONE_DIGITS or sum(map(len, pieces)) >= PHONE_DIGITS


def _carried_digits(text: str) -> str:
    """Digits a message adds to a number being built over messages: loose stretches of three or
    more, or every loose digit of a message that is mostly digits."""
    view = digit_view(text)
    fragments = loose_fragments(view)
    written = [char for char in view if not char.isspace()]
    mostly_digits = sum(char.isdigit() for char in written) * 2 >= len(written)
    return "".join(fragment for fragment in fragments if mostly_digits or len(fragment) >= 3)


def number_over_messages(earlier: Sequence[str], text: str) -> bool:
    """Whether ``text`` completes a phone-length number with the writer's ``earlier`` messages
    (oldest first), each of which added digits of its own."""
    current = _carried_digits(text)
    if not current:
        return False
    carried = "".join(_carried_digits(body) for body in earlier[-EARLIER_MESSAGES:])
    return bool(carried) and len(carried) + len(current) >= PHONE_DIGITS
