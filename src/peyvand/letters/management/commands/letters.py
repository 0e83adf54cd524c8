"""`peyvand letters render --case ID --template KIND --lang LANG -o FILE.pdf [--application ID]`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from peyvand.letters.models import LetterKind, LetterLanguage
from peyvand.letters.services import LetterRequest, download_letter, generate_letter
from peyvand.tracing.models import Case
from peyvand.visits.models import TravelApplication, Visit


class Command(BaseCommand):
    help = (
        "Produce a letter for a case as PDF, keep it with the case and write it to a file. "
        "Runs as the system (audited as the command line); the sought person's consent limits "
        "what the letter holds exactly as in the staff pages."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["render"])
        parser.add_argument("--case", required=True, help="case id")
        parser.add_argument("--template", required=True, help="invitation, support or summary")
        parser.add_argument("--lang", required=True, help="fa, en or sq")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")
        parser.add_argument(
            "--application", help="travel application to support (default: the latest)"
        )
        parser.add_argument("--visit", help="visit to invite for (default: the latest)")

    def handle(self, *args: Any, **options: Any) -> None:
        case = _case(options["case"])
        kind, language = options["template"], options["lang"]
        if kind not in LetterKind.values:
            raise CommandError(
                f"Unknown template {kind!r}: use one of {', '.join(LetterKind.values)}."
            )
        if language not in LetterLanguage.values:
            raise CommandError(
                f"Unknown language {language!r}: use one of {', '.join(LetterLanguage.values)}."
            )
        wanted = LetterRequest(
            kind,
            language,
            visit=_visit(case, options["visit"]) if kind == LetterKind.INVITATION else None,
            application=(
                _application(case, options["application"]) if kind == LetterKind.SUPPORT else None
            ),
        )
        try:
            letter = generate_letter(None, case, wanted)
        except ValidationError as exc:
            raise CommandError("Refused: " + " ".join(exc.messages)) from exc
        output = Path(options["output"])
        try:
            output.write_bytes(download_letter(None, letter))
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        self.stdout.write(f"Wrote {output} (letter {letter.pk}, kept with case {case.pk}).")


def _number(value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"The {what} id must be a number, not {value!r}.") from None


def _case(value: str) -> Case:
    case = (
        Case.objects.select_related("tracing_request", "agency")
        .filter(pk=_number(value, "case"))
        .first()
    )
    if case is None:
        raise CommandError(f"No case with the id {value}.")
    return case


def _visit(case: Case, value: str | None) -> Visit:
    visits = Visit.objects.filter(case=case).order_by("-created_at", "-id")
    visit = visits.filter(pk=_number(value, "visit")).first() if value else visits.first()
    if visit is None:
        raise CommandError(
            f"Case {case.pk} has no visit {value}." if value else f"Case {case.pk} has no visit."
        )
    return visit


def _application(case: Case, value: str | None) -> TravelApplication:
    applications = TravelApplication.objects.filter(visit__case=case).order_by("-created_at", "-id")
    if value:
        application = applications.filter(pk=_number(value, "application")).first()
    else:
        application = applications.first()
    if application is None:
        raise CommandError(
            f"Case {case.pk} has no travel application {value}."
            if value
            else f"Case {case.pk} has no travel application to support."
        )
    return application
