"""`peyvand pfif import FILE --agency A` and `peyvand pfif export -o FILE [--agency A]`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from peyvand.accounts.models import Agency
from peyvand.interop.services import export_pfif, import_pfif


class Command(BaseCommand):
    help = (
        "Exchange PFIF 1.4 files with partner tracing services. `import FILE --agency CODE` "
        "imports a file whole or refuses it with the reason and the record id; `export -o FILE "
        "[--agency CODE] [--domain DOMAIN]` writes the open tracing requests, without contact "
        "details or locations unless the sought person's decision in force shares them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("file", nargs="?", help="PFIF file to import")
        parser.add_argument("-o", "--output", help="file to write the export to")
        parser.add_argument("--agency", help="agency code")
        parser.add_argument("--domain", default="", help="domain naming this repository's records")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = _agency(options["agency"])
        if options["action"] == "import":
            self._import(options["file"], agency)
        else:
            self._export(options["output"], agency, options["domain"])

    def _import(self, file: str | None, agency: Agency | None) -> None:
        if not file:
            raise CommandError("Name the PFIF file to import.")
        if agency is None:
            raise CommandError("Name the agency to import into with --agency CODE.")
        try:
            with Path(file).open("rb") as stream:  # read as a stream, never whole
                report = import_pfif(None, agency, stream)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        except ValidationError as exc:
            raise CommandError("Refused, nothing imported. " + " ".join(exc.messages)) from exc
        self.stdout.write(
            f"Imported {report.persons_created} person records "
            f"({report.persons_skipped} already present), {report.notes_created} notes."
        )

    def _export(self, output: str | None, agency: Agency | None, domain: str) -> None:
        if not output:
            raise CommandError("Name the file to write with -o FILE.")
        data = export_pfif(None, agency, domain)
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        self.stdout.write(f"Wrote {output}.")


def _agency(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"No agency with the code {code!r}.")
    return agency
