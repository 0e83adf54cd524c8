"""`peyvand letters render`: the system produces a letter, audited, with clear refusals."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from letters_world import SEEKER_FA, SOUGHT_ADDRESS, SOUGHT_FA, answered_case, flat, withdraw

from pdftext import pdf_text
from peyvand.audit.models import AuditEvent
from peyvand.letters.models import GeneratedLetter
from peyvand.visits.services import add_application


def _render(*args: str) -> None:
    call_command("letters", "render", *args)


@pytest.mark.pdftotext
def test_render_writes_the_pdf_and_keeps_it_with_the_case(world, tmp_path):
    setup = answered_case(world)
    output = tmp_path / "invitation.pdf"
    _render(
        "--case", str(setup.case.pk), "--template", "invitation", "--lang", "fa", "-o", str(output)
    )
    text = flat(pdf_text(output.read_bytes(), tmp_path))
    assert flat(f"ارتباط میان {SEEKER_FA} و خویشاوندش {SOUGHT_FA}") in text
    letter = GeneratedLetter.objects.get()
    assert letter.created_by is None and letter.created_by_label == "command line"
    events = AuditEvent.objects.filter(
        object_id=str(letter.pk), object_type="letters.generatedletter"
    )
    assert {e.action for e in events} == {"letter.generated", "letter.downloaded"}
    assert {e.actor_label for e in events} == {"command line"}


@pytest.mark.pdftotext
def test_support_takes_the_latest_application_or_the_one_named(world, tmp_path):
    setup = answered_case(world)
    later = add_application(
        world.caseworker_a,
        setup.visit,
        traveller="sought_person",
        kind="travel_document",
        authority="Drejtoria e Migracionit, Tiranë",
        country="Albania",
    )
    output = tmp_path / "support.pdf"
    _render(
        "--case", str(setup.case.pk), "--template", "support", "--lang", "en", "-o", str(output)
    )
    assert "Drejtoria e Migracionit" in pdf_text(output.read_bytes(), tmp_path)
    _render(
        "--case", str(setup.case.pk), "--template", "support", "--lang", "sq",
        "--application", str(setup.application.pk), "-o", str(output),
    )  # fmt: skip
    assert "Embassy of Albania, Tehran" in pdf_text(output.read_bytes(), tmp_path)
    assert GeneratedLetter.objects.filter(application_pk=later.pk).count() == 1


@pytest.mark.pdftotext
def test_the_command_line_follows_consent_too(world, tmp_path):
    setup = answered_case(world, "share_contact", ("phone",))
    output = tmp_path / "summary.pdf"
    _render(
        "--case", str(setup.case.pk), "--template", "summary", "--lang", "en", "-o", str(output)
    )
    assert SOUGHT_ADDRESS not in pdf_text(output.read_bytes(), tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--case", "999999", "--template", "summary", "--lang", "en"), "No case with the id 9"),
        (("--case", "abc", "--template", "summary", "--lang", "en"), "must be a number"),
        (("--case", "{case}", "--template", "letter", "--lang", "en"), "Unknown template 'letter'"),
        (("--case", "{case}", "--template", "summary", "--lang", "de"), "Unknown language 'de'"),
        (("--case", "{case}", "--template", "support", "--lang", "en", "--application", "999999"),
         "has no travel application 999999"),
    ],
)  # fmt: skip
def test_clear_errors(world, tmp_path, args, message):
    setup = answered_case(world)
    args = tuple(a.replace("{case}", str(setup.case.pk)) for a in args)
    with pytest.raises(CommandError, match=message):
        _render(*args, "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
    assert not GeneratedLetter.objects.exists()


def test_refused_without_a_visit_or_without_consent(world, tmp_path):
    declined = answered_case(world, "decline").case
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="has no visit"):
        _render("--case", str(declined.pk), "--template", "invitation", "--lang", "en", "-o", out)
    with pytest.raises(CommandError, match="has no travel application to support"):
        _render("--case", str(declined.pk), "--template", "support", "--lang", "en", "-o", out)


def test_refused_once_consent_is_withdrawn(world, tmp_path):
    setup = answered_case(world)
    withdraw(world)
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="Refused: The sought person has not agreed to contact"):
        _render("--case", str(setup.case.pk), "--template", "invitation", "--lang", "fa", "-o", out)
    assert not GeneratedLetter.objects.exists()
