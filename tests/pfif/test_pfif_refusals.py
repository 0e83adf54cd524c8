"""Hostile and invalid PFIF files are refused whole, with the reason and the record id."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pfif_samples import LOOSE_NOTE, PERSON_1, PERSON_2, document

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.interop.models import ExternalNote, ExternalRecord
from peyvand.people.models import Person
from peyvand.tracing.models import TracingRequest

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE pfif [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
  <pfif:person_record_id>evil.example.org/1</pfif:person_record_id>
  <pfif:source_date>2026-01-01T00:00:00Z</pfif:source_date>
  <pfif:full_name>&lol9;</pfif:full_name>
</pfif:person></pfif:pfif>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE pfif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
  <pfif:person_record_id>evil.example.org/2</pfif:person_record_id>
  <pfif:source_date>2026-01-01T00:00:00Z</pfif:source_date>
  <pfif:full_name>&xxe;</pfif:full_name>
</pfif:person></pfif:pfif>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE pfif SYSTEM "http://evil.example.org/pfif.dtd">
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"></pfif:pfif>
"""


def counts() -> tuple[int, ...]:
    return (
        TracingRequest.objects.count(),
        Person.objects.count(),
        ExternalRecord.objects.count(),
        ExternalNote.objects.count(),
        AuditEvent.objects.filter(action="pfif.imported").count(),
    )


def refused(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "in.xml"
    path.write_bytes(data)
    before = counts()
    with pytest.raises(CommandError) as caught:
        call_command("pfif", "import", str(path), "--agency", "agency-a")
    assert counts() == before, "a refused file must write nothing"
    return str(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entities_and_dtds_are_refused_before_reading(
    world: World, tmp_path: Path, data: bytes
) -> None:
    message = refused(tmp_path, data)
    assert "Refused, nothing imported" in message
    assert "entities" in message
    assert "root:" not in message  # /etc/passwd was never read


def person(record_id: str = "partner.example.org/bad", **fields: str) -> str:
    values = {
        "person_record_id": record_id,
        "source_date": "2026-02-20T12:00:00Z",
        "full_name": "Sara Amini",
    } | fields
    body = "".join(f"<pfif:{k}>{v}</pfif:{k}>" for k, v in values.items() if v != "-")
    return f"<pfif:person>{body}</pfif:person>"


def note(**fields: str) -> str:
    values = {
        "note_record_id": "partner.example.org/n.bad",
        "author_name": "Ardian Hoxha",
        "source_date": "2026-02-20T12:00:00Z",
    } | fields
    body = "".join(f"<pfif:{k}>{v}</pfif:{k}>" for k, v in values.items() if v != "-")
    return f"<pfif:note>{body}</pfif:note>"


BAD_FILES = {
    "record id without a domain": (person("bad-id"), "bad-id", "domain/unique"),
    "local time, not UTC": (
        person(source_date="2026-02-20T12:00:00+01:00"),
        "partner.example.org/bad",
        "UTC",
    ),
    "impossible date": (
        person(entry_date="2026-02-30T12:00:00Z"),
        "partner.example.org/bad",
        "UTC",
    ),
    "unknown sex": (person(sex="unknown"), "partner.example.org/bad", "female, male or other"),
    "missing full_name": (person(full_name="-"), "partner.example.org/bad", "full_name"),
    "missing source_date": (person(source_date="-"), "partner.example.org/bad", "source_date"),
    "bad date of birth": (
        person(date_of_birth="1979-13"),
        "partner.example.org/bad",
        "YYYY-MM-DD",
    ),
    "bad country": (person(home_country="Albania"), "partner.example.org/bad", "ISO 3166-1"),
    "unknown element": (
        person(nickname="Sari"),
        "partner.example.org/bad",
        "Unknown PFIF element nickname",
    ),
    "unknown note status": (
        person().replace("</pfif:person>", note(status="found") + "</pfif:person>"),
        "partner.example.org/n.bad",
        "note status",
    ),
    "note without author": (
        person().replace("</pfif:person>", note(author_name="-") + "</pfif:person>"),
        "partner.example.org/n.bad",
        "author_name",
    ),
    "bad author_made_contact": (
        person().replace("</pfif:person>", note(author_made_contact="yes") + "</pfif:person>"),
        "partner.example.org/n.bad",
        "true or false",
    ),
    "note about an unknown person": (
        note(person_record_id="partner.example.org/nobody"),
        "partner.example.org/n.bad",
        "partner.example.org/nobody",
    ),
    "duplicate person": (PERSON_2, "other.example.com/p/22", "twice"),
    "bad extension value": (
        person().replace(
            "</pfif:person>",
            '<pv:peyvand xmlns:pv="https://peyvand.org/pfif-ext/1">'
            '<pv:name script="klingon">Sara</pv:name></pv:peyvand></pfif:person>',
        ),
        "partner.example.org/bad",
        "klingon",
    ),
    # Valid XML and valid PFIF, but the birth date in the extension is impossible: refused by
    # the service after the first person was written, and rolled back.
    "unreadable original birth date": (
        person().replace(
            "</pfif:person>",
            '<pv:peyvand xmlns:pv="https://peyvand.org/pfif-ext/1">'
            '<pv:birth_date calendar="jalali" precision="day">1345/13/40</pv:birth_date>'
            "</pv:peyvand></pfif:person>",
        ),
        "partner.example.org/bad",
        "1345/13/40",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_invalid_file_is_refused_whole_with_reason_and_record_id(
    world: World, tmp_path: Path, case: str
) -> None:
    bad, record_id, reason = BAD_FILES[case]
    # Valid records first: they must not be written either.
    message = refused(tmp_path, document(PERSON_1, PERSON_2, LOOSE_NOTE, bad))
    assert f"Record {record_id}:" in message
    assert reason in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not xml at all", "not well-formed XML"),
        (document(PERSON_2, ns="http://zesty.ca/pfif/1.2"), "PFIF 1.4 namespace"),
    ],
)
def test_not_pfif_14_is_refused(world: World, tmp_path: Path, data: bytes, reason: str) -> None:
    assert reason in refused(tmp_path, data)
