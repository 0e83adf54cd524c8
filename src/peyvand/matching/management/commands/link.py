"""`peyvand link A.csv [B.csv] --columns record_id=id,name=full_name,... -o OUT.csv`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.linkage import LinkageError, link_records


def parse_columns(text: str) -> dict[str, str]:
    """``field=column,field=column`` → mapping; a clear error for anything else."""
    mapping = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise CommandError(
                _("--columns takes field=column pairs separated by commas, not “%(part)s”.")
                % {"part": part}
            )
        mapping[field.strip()] = column.strip()
    return mapping


class Command(BaseCommand):
    help = (
        "Link the person records of one CSV file (dedupe) or of two files, writing pairs with "
        "probabilities and explanations, and clusters beside them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="A.csv [B.csv]")
        parser.add_argument(
            "--columns",
            required=True,
            help="field=column pairs: record_id, name (required), birth_year, birth_date "
            "(YYYY-MM-DD, YYYY-MM or YYYY; Jalali before 1500), father_name, mother_name, "
            "other_names (separated by | or ;), birthplace, sex, national_id",
        )
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        files = options["files"]
        if len(files) > 2:
            raise CommandError(_("Give one file to deduplicate, or two files to link."))
        columns = parse_columns(options["columns"])
        try:
            written = link_records(
                files[0], options["output"], columns, b_csv=files[1] if len(files) == 2 else None
            )
        except LinkageError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("%(n)s pairs written to %(path)s.") % {"n": written, "path": options["output"]}
        )
