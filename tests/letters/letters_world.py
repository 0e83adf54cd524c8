"""A case of agency A where the sought person has answered, with a planned visit and a visa
application: the records the letter tests start from. Built through the services."""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass

from django.apps import apps

from conftest import World
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.consent.services import withdraw_decision
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.people.models import ContactKind, Name, Script
from peyvand.people.services import ContactInput, add_contact_detail
from peyvand.tracing.models import Case, CaseState
from peyvand.tracing.services import assign_case, change_case_state
from peyvand.visits.models import TravelApplication, Visit
from peyvand.visits.services import add_application, plan_visit

SOUGHT_PHONE = "+355 69 555 0101"
SOUGHT_ADDRESS = "Rruga e Durresit 7, Tirana"
MEETING_PLACE = "Hotel Arberia, Tirana"
REGISTERED_NAME = "Mohammad Reza Khodabande"
SEEKER_FA = "فاطمه خدابنده"
SOUGHT_FA = "محمدرضا خدابنده"


@dataclass
class LetterCase:
    world: World
    case: Case
    visit: Visit | None
    application: TravelApplication | None


def ensure_default_texts() -> None:
    """The default texts, as the data migration writes them: browser tests run in transactions
    that end with the tables flushed, data migrations' rows included."""
    migration = importlib.import_module("peyvand.letters.migrations.0002_default_texts")
    migration.add_defaults(apps, None)


def answered_case(
    world: World,
    choice: str = "share_contact",
    kinds: tuple[str, ...] = (ContactKind.PHONE, ContactKind.ADDRESS),
    *,
    with_visit: bool = True,
) -> LetterCase:
    """Case A, assigned to caseworker A, whose sought person answered ``choice``."""
    ensure_default_texts()
    person = world.registration_a.person
    Name.objects.create(person=person, script=Script.LATIN, full=REGISTERED_NAME, kind="alias")
    add_contact_detail(None, person, ContactInput(ContactKind.PHONE, SOUGHT_PHONE))
    add_contact_detail(None, person, ContactInput(ContactKind.ADDRESS, SOUGHT_ADDRESS))
    case = world.case_a
    assign_case(world.supervisor_a, case, world.caseworker_a)
    pair = CandidatePair.objects.create(
        tracing_request=world.request_a,
        registration=world.registration_a,
        model_version="letters-test",
        match_probability=0.97,
        match_weight=9.0,
        records_fingerprint="letters-test",
        status=PairStatus.CONFIRMED,
    )
    change_case_state(world.caseworker_a, case, CaseState.MATCH_CONFIRMED, "Match confirmed")
    question = ask_sought_person(world.caseworker_a, pair, "in_person")
    shared = list(kinds) if choice == "share_contact" else []
    record_decision(world.caseworker_a, question, choice, channel="in_person", shared_kinds=shared)
    case.refresh_from_db()
    if not with_visit or case.state != CaseState.CONTACT_ESTABLISHED:
        return LetterCase(world, case, None, None)
    visit = plan_visit(
        world.caseworker_a,
        case,
        host_country="Albania",
        meeting_place=MEETING_PLACE,
        meeting_date=datetime.date(2026, 5, 20),
    )
    application = add_application(
        world.caseworker_a,
        visit,
        traveller="seeker",
        kind="host_visa",
        authority="Embassy of Albania, Tehran",
        country="Albania",
        deadline=datetime.date(2026, 4, 1),
    )
    return LetterCase(world, case, visit, application)


def withdraw(world: World) -> None:
    """The sought person withdraws the decision in force."""
    for decision in world.request_a.decisions.filter(withdrawn_at__isnull=True):
        withdraw_decision(world.caseworker_a, decision)


def flat(text: str) -> str:
    """Text without whitespace or zero-width joiners: pdftotext may drop a space where Persian
    meets digits or Latin letters, and ZWNJ; the order of the letters must survive."""
    return "".join(text.replace("\u200c", "").split())
