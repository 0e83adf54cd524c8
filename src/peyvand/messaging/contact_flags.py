"""Spot contact details in a message so a caseworker reads it before it is relayed."""

from __future__ import annotations

import re

from peyvand.core.digits import ascii_digits

_PHONE = re.compile(r"(?:\+|00)?\d(?:[\s().\-/]*\d){6,}")
_EMAIL = re.compile(r"[\w.+\-]+\s*(?:@|\(at\)|\[at\])\s*[\w\-]+(?:\s*\.\s*[\w\-]+)+", re.IGNORECASE)
_LINK = re.compile(r"https?://|www\.|\b[\w\-]+\.(?:com|org|net|ir|al|info)\b|t\.me/", re.IGNORECASE)
_HANDLE = re.compile(
    r"@\w{3,}|\b(?:telegram|whatsapp|viber|signal|instagram|facebook|imo|skype)\b|"
    r"(?:تلگرام|واتساپ|واتس\s?اپ|اینستاگرام|ایمو|وایبر)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\b(?:street|st\.|avenue|ave\.|road|alley|apartment|apt|floor|building|zip|postcode|"
    r"rruga|rr\.|pallati|kati|hyrja|lagjja|kodi postar)\b|"
    r"(?:خیابان|کوچه|پلاک|طبقه|واحد|بلوک|کدپستی|کد پستی|بزرگراه|میدان|محله)",
    re.IGNORECASE,
)


def contact_flags(text: str) -> list[str]:
    """Kinds of contact detail the text seems to carry: phone, email, link, handle, address."""
    folded = ascii_digits(text)
    checks = (
        ("phone", _PHONE),
        ("email", _EMAIL),
        ("link", _LINK),
        ("handle", _HANDLE),
        ("address", _ADDRESS),
    )
    return [kind for kind, pattern in checks if pattern.search(folded)]
