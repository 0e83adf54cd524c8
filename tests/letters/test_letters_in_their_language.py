"""Letters say what was entered, in the letter's language (issue 15, item 14): the meeting place,
the country and the agency in Persian or Albanian, the family's names readable by an embassy
clerk, and the traveller's birth and passport details for the consulate. Made and downloaded
through the case's letters page, read back with pdftotext."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from letters_world import MEETING_PLACE, SEEKER_FA, LetterCase, answered_case, flat

from conftest import World
from pdftext import pdf_text
from peyvand.accounts.services import change_agency
from peyvand.core.dates import parse_partial_date
from peyvand.letters.models import GeneratedLetter

AGENCY_FA = "انجمن پیوند خانواده‌ها"
AGENCY_SQ = "Shoqata Lidhja e Familjeve"
PASSPORT = "X12345678"


def letter_text(client: Client, setup: LetterCase, tmp_path: Path, **fields: object) -> str:
    made = client.post(reverse("case_letter_generate", args=[setup.case.pk]), fields)
    assert made.status_code == 302, made.content.decode()[:2000]
    letter = GeneratedLetter.objects.filter(case=setup.case).latest("pk")
    pdf = client.get(reverse("case_letter_download", args=[setup.case.pk, letter.pk]))
    assert pdf.status_code == 200
    return pdf_text(pdf.content, tmp_path)


def _names_in_letters(world: World) -> None:
    change_agency(
        world.admin,
        world.agency_a,
        name=world.agency_a.name,
        country="AL",
        moderates_messages=False,
        name_fa=AGENCY_FA,
        name_sq=AGENCY_SQ,
    )


@pytest.mark.pdftotext
def test_the_persian_invitation_gives_the_meeting_place_country_and_agency_in_persian(
    world: World, tmp_path: Path
) -> None:
    # The walk's case: the son chose "messages only", and a meeting was planned with him.
    setup = answered_case(world, "messages_only")
    _names_in_letters(world)
    client = world.client_for("caseworker_a")
    assert setup.visit is not None
    text = letter_text(
        client, setup, tmp_path, kind="invitation", language="fa", visit=setup.visit.pk
    )
    assert MEETING_PLACE in text
    assert flat("آلبانی") in flat(text)
    assert "Albania" not in text
    assert flat(AGENCY_FA) in flat(text)
    assert "Agency A" not in text


@pytest.mark.pdftotext
def test_the_english_invitation_gives_a_latin_reading_of_persian_names(
    world: World, tmp_path: Path
) -> None:
    setup = answered_case(world)
    _names_in_letters(world)
    client = world.client_for("caseworker_a")
    assert setup.visit is not None
    text = " ".join(
        letter_text(
            client, setup, tmp_path, kind="invitation", language="en", visit=setup.visit.pk
        ).split()
    )
    # The reading leads (the line reads left to right), marked as a reading of the Persian.
    assert "Fatmeh Khdabndeh (Latin reading of" in text
    assert flat(SEEKER_FA) in flat(text)
    assert "Agency A" in text  # English letters keep the agency's own name
    assert "Albania" in text


@pytest.mark.pdftotext
def test_the_albanian_support_letter_is_albanian_and_names_the_traveller_for_the_consulate(
    world: World, tmp_path: Path
) -> None:
    setup = answered_case(world)
    _names_in_letters(world)
    seeker = world.request_a.seeker
    born = parse_partial_date("1340/05/12")
    seeker.birth_date, seeker.birth_date_precision = born.value, born.precision
    seeker.birth_date_calendar, seeker.birth_date_text = born.calendar, "1340/05/12"
    seeker.birthplace, seeker.father_given_name = "Qazvin", "Hossein"
    seeker.save()
    assert setup.application is not None
    setup.application.passport_number = PASSPORT
    setup.application.save(update_fields=["passport_number"])
    client = world.client_for("caseworker_a")
    text = " ".join(
        letter_text(
            client, setup, tmp_path, kind="support", language="sq", application=setup.application.pk
        ).split()
    )
    assert "në Shqipëri" in text and "në Albania" not in text
    assert "Fatmeh Khdabndeh (lexim me shkronja latine i" in text
    assert AGENCY_SQ in text
    # The traveller (the seeker), as the consulate asks: birth date, place, father, passport.
    assert "Udhëtari" in text
    assert "1961-08-03" in text  # 12 Mordad 1340
    assert "Qazvin" in text and "Hossein" in text
    assert PASSPORT in text


@pytest.mark.pdftotext
def test_a_passport_number_typed_on_the_visit_page_reaches_the_letter(
    world: World, tmp_path: Path
) -> None:
    setup = answered_case(world)
    client = world.client_for("caseworker_a")
    assert setup.visit is not None
    added = client.post(
        reverse("visit_application_add", args=[setup.visit.pk]),
        {
            "traveller": "seeker",
            "kind": "host_visa",
            "authority": "Embassy of Albania, Tehran",
            "country": "Albania",
            "passport_number": "  K 7654 321 ",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    page = client.get(reverse("visit_detail", args=[setup.visit.pk])).content.decode()
    assert "K 7654 321" in page
    application = setup.visit.applications.latest("pk")
    text = letter_text(
        client, setup, tmp_path, kind="support", language="en", application=application.pk
    )
    assert "K 7654 321" in text
    assert "Passport number" in text
