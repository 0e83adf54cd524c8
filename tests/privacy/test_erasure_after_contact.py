"""Erasure and retention reach what comes after contact: visits, letters and appeal PDFs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from test_erasure_leaves_a_tombstone import traces

from appeals.appeals_support import open_appeal
from conftest import World
from letters.letters_world import MEETING_PLACE, SOUGHT_PHONE, answered_case
from peyvand.appeals.documents import make_appeal_document
from peyvand.appeals.models import AppealDocument
from peyvand.appeals.services import add_signatories
from peyvand.audit.chain import verify_chain
from peyvand.letters.models import GeneratedLetter
from peyvand.letters.services import LetterRequest, generate_letter
from peyvand.privacy.erasure import erase_person
from peyvand.tracing.models import Case, CaseOutcome, CaseState
from peyvand.tracing.services import change_case_state
from peyvand.visits.models import ChecklistItem, TravelApplication, Visit


def _after_contact(world: World) -> None:
    """Case A in contact with a visit, an invitation letter, and a signed appeal's PDF."""
    letter_case = answered_case(world)
    generate_letter(
        world.caseworker_a,
        letter_case.case,
        LetterRequest(kind="invitation", language="en", visit=letter_case.visit),
    )
    appeal = open_appeal(world)
    add_signatories(world.caseworker_a, appeal, [world.request_a], listed=True)
    make_appeal_document(world.caseworker_a, appeal, "fa")


@pytest.mark.django_db
def test_erasing_the_sought_person_takes_visits_and_letters_with_them(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _after_contact(world)
    person = world.registration_a.person
    words = [n.full for n in person.names.all()] + [SOUGHT_PHONE, MEETING_PLACE]
    assert Visit.objects.exists() and GeneratedLetter.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        report = erase_person(world.dpo, person, "GDPR art. 17")

    assert traces(person.pk, words) == []
    assert not Visit.objects.exists()
    assert not TravelApplication.objects.exists() and not ChecklistItem.objects.exists()
    assert not GeneratedLetter.objects.exists()
    assert report.deleted["visits.Visit"] == 1
    assert verify_chain().ok


@pytest.mark.django_db
def test_erasing_the_seeker_deletes_the_appeal_pdfs_that_print_their_name(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _after_contact(world)
    seeker = world.request_a.seeker
    assert AppealDocument.objects.filter(named_requests=world.request_a).exists()

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(world.dpo, seeker, "seeker asked")

    assert not AppealDocument.objects.exists()
    assert not Visit.objects.exists() and not GeneratedLetter.objects.exists()
    assert verify_chain().ok


@pytest.mark.django_db
def test_retention_deletes_the_letters_of_a_case_closed_without_contact(
    world: World, settings: object
) -> None:
    settings.PEYVAND_RETENTION_DAYS = {"declined": 30, "withdrawn": 30, "not_found": 365}  # type: ignore[attr-defined]
    letter_case = answered_case(world, with_visit=False)
    generate_letter(
        world.caseworker_a, letter_case.case, LetterRequest(kind="summary", language="fa")
    )
    case = letter_case.case
    change_case_state(
        world.caseworker_a, case, CaseState.CLOSED, "closing", outcome=CaseOutcome.DECLINED
    )
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))

    out = StringIO()
    call_command("retention", "run", stdout=out)

    assert "Deleted 1 generated letters (letters.GeneratedLetter)" in out.getvalue()
    assert not GeneratedLetter.objects.filter(case=case).exists()
