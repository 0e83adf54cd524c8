"""Spot contact details in a message so a caseworker reads it before it is relayed (the reader
itself lives in ``peyvand.messaging.relay``)."""

from __future__ import annotations

from peyvand.messaging.relay import contact_kinds


def contact_flags(text: str) -> list[str]:
    """Kinds of contact detail the text seems to carry: phone, email, link, handle, address."""
    return contact_kinds(text)
