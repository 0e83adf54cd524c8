"""Issue 15, item 5: staff see a marked reading of a name written in a script they cannot read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from peyvand.accounts.services import update_preferences
from peyvand.linkage.internals.reading import latin_reading, persian_reading
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.services import submit_tracing_request


def test_readings_come_from_the_engine_sound_classes() -> None:
    assert latin_reading("محمدرضا خدابنده") == "Mhmdrza Khdabndeh"
    assert latin_reading("علی ژاله") == "Ali Zhaleh"
    assert persian_reading("Mohammad Reza Khodabande") == "مهمد رزا خدبنده"
    assert persian_reading("Ali Shirazi") == "الی شیرزی"
    assert latin_reading("Ali") == "" and persian_reading("علی") == ""


@pytest.mark.django_db
def test_tirana_staff_see_a_latin_reading_beside_a_persian_only_name(world: World) -> None:
    client = world.client_for("caseworker_a")
    home = client.get(reverse("home")).content.decode()
    assert "reading: Mhmdrza Khdabndeh" in home
    assert 'class="muted name-reading"' in home
    case_page = client.get(reverse("case_detail", args=[world.case_a.pk])).content.decode()
    assert "reading: Mhmdrza Khdabndeh" in case_page  # the sought person
    assert "reading: Fatmeh Khdabndeh" in case_page  # the seeker


@pytest.mark.django_db
def test_no_reading_when_the_person_has_a_name_in_that_script(world: World) -> None:
    both = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full="مریم کاظمی")]),
        sought=PersonInput(names=[NameInput(full="رضا کاظمی"), NameInput(full="Reza Kazemi")]),
        relationship="child",
    )
    page = world.client_for("caseworker_a").get(reverse("case_detail", args=[both.case.pk]))
    text = page.content.decode()
    assert "Reza Kazemi" in text and "reading: Rza Kazmi" not in text
    assert "reading: Mrim Kazmi" in text  # the seeker has only a Persian name


@pytest.mark.django_db
def test_persian_speaking_staff_see_a_persian_reading_of_a_latin_only_name(world: World) -> None:
    update_preferences(world.caseworker_a, language="fa", calendar="jalali")
    latin_only = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full="Sara Shirazi")]),
        sought=PersonInput(names=[NameInput(full="Ali Shirazi")]),
        relationship="sibling",
    )
    client = world.client_for("caseworker_a")
    page = client.get(reverse("case_detail", args=[latin_only.case.pk])).content.decode()
    assert "الی شیرزی" in page
    assert "Mhmdrza" not in client.get(reverse("home")).content.decode()
