"""PFIF 1.4 documents from a partner repository, and a confirmed pair to ask a sought person."""

from __future__ import annotations

from conftest import World
from peyvand.actions.decisions import ask_sought_person
from peyvand.consent.models import DecisionRequest
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.tracing.models import CaseState, Registration, TracingRequest
from peyvand.tracing.services import change_case_state

NS = "http://zesty.ca/pfif/1.4"

PERSON_1 = """
  <pfif:person>
    <pfif:person_record_id>partner.example.org/person.1</pfif:person_record_id>
    <pfif:entry_date>2026-03-01T10:00:00Z</pfif:entry_date>
    <pfif:author_name>Maryam Rahimi</pfif:author_name>
    <pfif:author_email>maryam@example.net</pfif:author_email>
    <pfif:source_name>Partner tracing service</pfif:source_name>
    <pfif:source_date>2026-02-27T08:30:00Z</pfif:source_date>
    <pfif:source_url>https://partner.example.org/p/1</pfif:source_url>
    <pfif:full_name>Reza Rahimi</pfif:full_name>
    <pfif:given_name>Reza</pfif:given_name>
    <pfif:family_name>Rahimi</pfif:family_name>
    <pfif:alternate_names>رضا رحیمی
Riza Rahimy</pfif:alternate_names>
    <pfif:description>Left Mashhad in 2015.</pfif:description>
    <pfif:sex>male</pfif:sex>
    <pfif:date_of_birth>1979-03</pfif:date_of_birth>
    <pfif:age>45-47</pfif:age>
    <pfif:home_street>Rruga e Durrësit</pfif:home_street>
    <pfif:home_city>Tirana</pfif:home_city>
    <pfif:home_country>AL</pfif:home_country>
    <pfif:note>
      <pfif:note_record_id>partner.example.org/note.1</pfif:note_record_id>
      <pfif:author_name>Maryam Rahimi</pfif:author_name>
      <pfif:source_date>2026-02-27T08:31:00Z</pfif:source_date>
      <pfif:status>information_sought</pfif:status>
      <pfif:text>Looking for my brother.</pfif:text>
    </pfif:note>
  </pfif:person>"""

PERSON_2 = """
  <pfif:person>
    <pfif:person_record_id>other.example.com/p/22</pfif:person_record_id>
    <pfif:source_date>2026-02-20T12:00:00Z</pfif:source_date>
    <pfif:full_name>Zahra Karimi</pfif:full_name>
    <pfif:sex>female</pfif:sex>
    <pfif:date_of_birth>1985</pfif:date_of_birth>
  </pfif:person>"""

LOOSE_NOTE = """
  <pfif:note>
    <pfif:note_record_id>partner.example.org/note.2</pfif:note_record_id>
    <pfif:person_record_id>partner.example.org/person.1</pfif:person_record_id>
    <pfif:author_name>Ardian Hoxha</pfif:author_name>
    <pfif:author_made_contact>true</pfif:author_made_contact>
    <pfif:source_date>2026-03-02T09:00:00Z</pfif:source_date>
    <pfif:status>believed_alive</pfif:status>
    <pfif:email_of_found_person>reza.found@example.net</pfif:email_of_found_person>
    <pfif:phone_of_found_person>+355 68 555 0101</pfif:phone_of_found_person>
    <pfif:last_known_location>Durrës, near the port</pfif:last_known_location>
    <pfif:text>Met him at the community centre.</pfif:text>
  </pfif:note>"""

# Every value above that says where a sought person lives or how to reach them.
PARTNER_CONTACTS = (
    "Rruga e Durrësit",
    "Tirana",
    "<pfif:home_country>",
    "reza.found@example.net",
    "+355 68 555 0101",
    "Durrës, near the port",
)


def document(*records: str, ns: str = NS) -> bytes:
    body = "".join(records)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return f'{head}<pfif:pfif xmlns:pfif="{ns}">{body}\n</pfif:pfif>\n'.encode()


def partner_file() -> bytes:
    return document(PERSON_1, PERSON_2, LOOSE_NOTE)


def ask_about(
    world: World, tracing_request: TracingRequest, registration: Registration
) -> DecisionRequest:
    """Confirm a pair (built directly: the review screen is not ours) and ask the person."""
    pair = CandidatePair.objects.create(
        tracing_request=tracing_request,
        registration=registration,
        model_version="test",
        match_probability=0.97,
        match_weight=9.0,
        records_fingerprint="test",
        status=PairStatus.CONFIRMED,
    )
    case = tracing_request.case
    if case.state in (CaseState.OPEN, CaseState.SEARCHING):
        change_case_state(world.caseworker_a, case, CaseState.MATCH_CONFIRMED, "Match confirmed")
    return ask_sought_person(world.caseworker_a, pair, "in_person")
