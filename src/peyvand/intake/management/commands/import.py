"""``peyvand import FILE --kind requests|registrations --agency CODE [--mapping NAME]
[--dry-run]``: check a family list, print every failing cell, then import it in chunks."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from peyvand.accounts.models import Agency
from peyvand.intake.checking import check_file, read_rows
from peyvand.intake.mapping_services import save_mapping
from peyvand.intake.models import ColumnMapping, ImportKind
from peyvand.intake.reading import FIELDS, FileFormatError
from peyvand.intake.services import CHUNK_SIZE, mark_stale_batches, run_import, start_batch


class Command(BaseCommand):
    help = "Import tracing requests or registrations from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=ImportKind.values)
        parser.add_argument("--agency", required=True, help="the agency's code")
        parser.add_argument("--mapping", default="", help="a column mapping saved for the agency")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help="read a column as a field (fields: " + ", ".join(FIELDS) + ")",
        )
        parser.add_argument(
            "--save-mapping", default="", metavar="NAME", help="keep --map for the agency"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--no-duplicates", action="store_true", help="skip the duplicate report"
        )
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE)
        parser.add_argument("--pause-after-chunk", type=float, default=0.0, help=_hidden())

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        kind: str = options["kind"]
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1")
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency with code {options['agency']!r}.")
        mapping = None
        given: dict[str, str] = {}
        for item in options["map"]:
            header, equals, name = item.rpartition("=")
            if not equals or name.strip() not in FIELDS:
                raise CommandError(f"--map {item!r}: expected HEADER=FIELD with a known field.")
            given[header.strip()] = name.strip()
        if options["save_mapping"]:
            try:
                mapping = save_mapping(None, agency, options["save_mapping"], kind, given)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"mapping {mapping.name!r} saved")
        elif given:
            mapping = ColumnMapping(agency=agency, name="", kind=kind, columns=given)
        if options["mapping"]:
            mapping = ColumnMapping.objects.filter(agency=agency, name=options["mapping"]).first()
            if mapping is None:
                raise CommandError(f"No mapping {options['mapping']!r} for this agency.")
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        started = time.perf_counter()
        try:
            with path.open("rb") as file:
                checked = check_file(
                    agency,
                    kind,
                    file,
                    path.name,
                    mapping,
                    duplicates=not options["no_duplicates"],
                )
        except (FileFormatError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        out.write(f"{checked.row_count} rows; columns: " + ", ".join(checked.columns))
        if checked.unknown_headers:
            out.write("ignored columns: " + ", ".join(checked.unknown_headers))
        for error in checked.errors:
            out.write(f"row {error.row}, column «{error.column}»: {error.message}")
        if checked.errors_not_listed:
            out.write(f"... and {checked.errors_not_listed} more errors, not listed")
        for repeat in checked.repeats:
            out.write(f"row {repeat['row']} repeats row {repeat['same_as']}")
        for dup in checked.duplicates:
            other = f"row {dup['other_row']}" if "other_row" in dup else dup["record"]
            out.write(
                f"row {dup['row']} may be the same person as {other} (p={dup['probability']})"
            )
        out.write(f"{checked.failing_rows} rows would be quarantined")
        if options["dry_run"]:
            out.write("dry run: nothing written")
            return
        for stale in mark_stale_batches(None, agency, kind):
            out.write(f"batch {stale} had stopped before its end; the rows it imported are kept")
        batch = start_batch(None, agency, kind, path.name, checked, keep=False)

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            out.write(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows")
            out.write("chunk committed")
            out.flush()

        begun = time.perf_counter()
        # a stop from the service manager ends the run as Ctrl-C does: the batch is marked
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            with path.open("rb") as file:  # read again as a stream: the rows were not kept
                columns, _unknown, rows = read_rows(file, path.name, kind, mapping)
                outcome = run_import(
                    None,
                    batch,
                    columns,
                    rows,
                    chunk_size=options["chunk_size"],
                    on_progress=progress,
                    pause_after_chunk=options["pause_after_chunk"],
                )
        except (KeyboardInterrupt, Exception) as exc:
            if isinstance(exc, KeyboardInterrupt):
                reason = "interrupted"
            elif isinstance(exc, FileFormatError | ValidationError):
                reason = " ".join(getattr(exc, "messages", [str(exc)]))
            else:
                reason = f"{type(exc).__name__}: {exc}"
            raise CommandError(
                f"batch {batch.pk} stopped before its end ({reason}); the rows imported so far "
                "are kept. Run the same command again to import the rest."
            ) from exc
        finally:
            signal.signal(signal.SIGTERM, previous)
        elapsed = time.perf_counter() - begun
        out.write(
            f"batch {batch.pk}: {outcome.imported} imported, {outcome.quarantined} quarantined, "
            f"{outcome.already_done} already imported, {outcome.repeats} repeated in the file "
            f"({elapsed:.1f} s import, {time.perf_counter() - started:.1f} s in all)"
        )
        if outcome.relink_run is not None:
            out.write(f"re-link run {outcome.relink_run} queued for matching")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _hidden() -> str:
    import argparse

    return argparse.SUPPRESS
