"""Every staff page, read in Persian by every staff persona (and the families' own pages by the
seeker and the registrant): no Gregorian dates in Latin digits, no Latin digits inside Persian
sentences, no English left in the visible text (issue 15, item 13).

The pages are the authorisation matrix's GET rows a persona may open (admin pages included);
the records are the matrix's scenario, so every list, timeline and decision line has something
dated in it.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import World
from peyvand.letters.models import LetterTemplate

sys.path.insert(0, str(Path(__file__).parent.parent / "authz"))

from authz_scenario import build_scenario
from matrix_table import MATRIX, OK, PERSONAS
from test_authz_matrix import _admin_kwargs, _client, _kwargs, url_name, url_names

STAFF = ("caseworker_a", "caseworker_b", "supervisor_a", "dpo", "admin")
# The families' own pages, read the same way.
FAMILIES = ("seeker", "registrant")

LATIN_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2}|[0-9]{1,4}/[0-9]{1,2}/[0-9]{1,4}"
)
PERSIAN_LETTERS = re.compile(r"[\u0600-\u06ff]")
# A Latin digit touching Persian text within one sentence: "2 پیام تازه", "ماه 12".
DIGIT_IN_PERSIAN = re.compile(
    r"[\u0600-\u06ff][\s«»:،(]{0,3}[0-9]|[0-9][\s«»:،)]{0,3}[\u0600-\u06ff]"
)
# English the walk found on Persian pages, and the words that only English sentences have.
KNOWN_ENGLISH = (
    "Match confirmed",
    "Sought person asked",
    "Decision of the sought person recorded",
    "command line",
    "too short",
    "Model name",
)
ENGLISH_SENTENCE = re.compile(
    r"\b(?:the|of|and|is|are|was|by|to|for|with|this|not|yet|no|on|from|your)\s+[a-z]{2,}\b",
    re.IGNORECASE,
)
# What people typed into the scenario's records is shown as typed: it is not the interface.
TYPED_BY_PEOPLE = (
    "call me on",
    "Write again",
    "1370/02/15",  # the last contact as the seeker typed it, shown as written in the admin
)
# Birth dates "as written" beside the date read from them: shown exactly as typed.
AS_WRITTEN = {"1345", "1966"}


class VisibleText(HTMLParser):
    """The text a person sees: no scripts, styles, attributes or hidden templates."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template", "code"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.chunks


# A count, a version or a probability standing alone: "(1)", "0.97", "0 / 0 (0%)".
LATIN_NUMBER_ALONE = re.compile(r"[\s()#/%.,·:-]*[0-9][0-9\s()#/%.,·:-]*")
# A technical name keeps its Latin digits in a Persian sentence: "PFIF 1.4", "ISO 3166-1".
TECHNICAL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.\-]* [0-9][0-9.\-]*")


def letter_texts_not_in_persian() -> set[str]:
    """The English and Albanian letter texts: shown as written on the pages that edit them."""
    texts = LetterTemplate.objects.exclude(language="fa").values_list("subject", "body")
    return {" ".join(text.split()) for pair in texts for text in pair}


def problems(chunks: list[str], content: set[str], *, identifiers: bool = False) -> list[str]:
    """What a Persian reader should not see; ``identifiers``: the page lists record numbers
    (the admin's ids and sequence numbers), which stay as typed into addresses and searches."""
    found = []
    for chunk in chunks:
        if chunk in AS_WRITTEN or any(typed in chunk for typed in TYPED_BY_PEOPLE):
            continue
        if any(chunk in text for text in content):
            continue
        if LATIN_DATE.search(chunk):
            found.append(f"Latin date: {chunk!r}")
        elif LATIN_NUMBER_ALONE.fullmatch(chunk) and not identifiers:
            found.append(f"Latin number: {chunk!r}")
        elif PERSIAN_LETTERS.search(chunk) and DIGIT_IN_PERSIAN.search(
            TECHNICAL_NAME.sub("", chunk)
        ):
            found.append(f"Latin digits in Persian: {chunk!r}")
        if any(english in chunk for english in KNOWN_ENGLISH) or (
            not PERSIAN_LETTERS.search(chunk) and ENGLISH_SENTENCE.search(chunk)
        ):
            found.append(f"English: {chunk!r}")
    return found


def staff_pages(persona: str) -> list[str]:
    column = PERSONAS.index(persona)
    return sorted(
        key
        for key, (method, outcomes) in MATRIX.items()
        if method == "GET" and outcomes[column] == OK and "#" not in key
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", STAFF + FAMILIES)
def test_every_staff_page_reads_in_persian(world: World, persona: str) -> None:
    scenario = build_scenario(world)
    user = getattr(world, persona)
    user.language = "fa"
    user.save(update_fields=["language"])
    client = _client(world, persona)
    routes = url_names()
    content = letter_texts_not_in_persian()
    found = []
    for key in staff_pages(persona):
        name = url_name(key)
        kwargs = (
            _admin_kwargs(scenario, key)
            if name.startswith("admin:")
            else _kwargs(scenario, routes[name])
        )
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, key
        if not response["Content-Type"].startswith("text/html"):
            continue
        found += [
            f"{key}: {problem}"
            for problem in problems(
                visible_text(response.content.decode()),
                content,
                identifiers=key.startswith("admin:"),
            )
        ]
    assert not found, "\n".join(found)
