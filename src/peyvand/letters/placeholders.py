"""The restricted placeholder syntax of letter templates.

Staff-edited text is never a Django template: a template language would let whoever edits a
letter read settings or call methods. A letter's text is plain text in which ``{name}`` stands for
one of the values below and nothing else. Every other character is printed as written (HTML
escaped), and a value is escaped before it goes in, so neither the text nor a person's name can
add markup to the PDF.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# Shown where a value is unknown or the sought person's consent withholds it.
WITHHELD = "—"

PLACEHOLDERS: dict[str, Promise] = {
    "agency": _("name of the agency"),
    "case_reference": _("reference code of the tracing request"),
    "today": _("date of the letter"),
    "seeker_name": _("name of the seeker"),
    "sought_name": _("name of the sought person"),
    "relationship": _("relationship of the sought person to the seeker"),
    "last_contact": _("last contact, as the seeker gave it"),
    "host_country": _("country of the visit"),
    "meeting_place": _("meeting place of the visit (once contact is agreed)"),
    "meeting_date": _("meeting date"),
    "sought_address": _("sought person's address (only with consent to share it)"),
    "sought_phone": _("sought person's phone (only with consent to share it)"),
    "sought_email": _("sought person's e-mail (only with consent to share it)"),
    "traveller": _("who travels (support letter)"),
    "application_kind": _("kind of application (support letter)"),
    "authority": _("authority the application is made to (support letter)"),
    "application_country": _("country the application is for (support letter)"),
    "deadline": _("deadline of the application (support letter)"),
}

# Anything between braces is a placeholder or a mistake; nested braces are not a syntax.
_TOKEN = re.compile(r"\{([^{}\n]*)\}")


def token(name: str) -> str:
    """How ``name`` is written in a template: ``{name}``."""
    return "{" + name + "}"


def unknown_placeholders(text: str) -> list[str]:
    """The ``{…}`` tokens in ``text`` that are not placeholders, in order, each once."""
    unknown: list[str] = []
    for match in _TOKEN.finditer(text):
        if match.group(1) not in PLACEHOLDERS and match.group(0) not in unknown:
            unknown.append(match.group(0))
    return unknown


def direction_of(value: str) -> str:
    """``rtl`` when the value's first strong character is Persian (or another right-to-left
    script), else ``ltr``: phone numbers and Latin names read left to right in any letter."""
    for char in value:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def isolate(value: str) -> SafeString:
    """``value`` escaped, in its own direction: "+355 69 555 0101" inside a Persian sentence
    keeps its digit groups in order, a Persian name inside an English one keeps its place."""
    return format_html('<span dir="{}">{}</span>', direction_of(value), value)


def fill_line(text: str, values: dict[str, str]) -> str:
    """``text`` with each known placeholder replaced by its value (plain text, not escaped).

    Unknown tokens stay as written: a template stored before a placeholder was retired still
    prints, visibly, instead of failing or evaluating anything.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        return values.get(name) or WITHHELD

    return _TOKEN.sub(value, text)


def _fill_html(line: str, values: dict[str, str]) -> str:
    pieces, last = [], 0
    for match in _TOKEN.finditer(line):
        pieces.append(escape(line[last : match.start()]))
        name = match.group(1)
        if name in PLACEHOLDERS:
            pieces.append(isolate(values.get(name) or WITHHELD))
        else:
            pieces.append(escape(match.group(0)))
        last = match.end()
    pieces.append(escape(line[last:]))
    return "".join(pieces)


def fill_paragraphs(text: str, values: dict[str, str]) -> list[SafeString]:
    """``text`` filled and escaped, as HTML paragraphs: a blank line starts a paragraph, a line
    break stays a line break. The text and every value are escaped; each value is isolated in
    its own direction."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [
        mark_safe("<br>".join(_fill_html(line, values) for line in paragraph.split("\n")))  # noqa: S308 - every piece is escaped
        for paragraph in paragraphs
        if paragraph.strip()
    ]
