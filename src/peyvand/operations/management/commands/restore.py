"""`peyvand restore FILE`: a backup into a new, empty database, with the same field keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.audit.services import record_event
from peyvand.core.backup import BackupError, restore_backup
from peyvand.operations.management.commands.backup import backup_passphrase


class Command(BaseCommand):
    help = "Restore an encrypted backup into an empty database (PEYVAND_FIELD_KEYS as before)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup file.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(_("%(file)s is not a file.") % {"file": source})
        passphrase = backup_passphrase()
        try:
            with source.open("rb") as sealed:
                manifest = restore_backup(passphrase, sealed)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        record_event(
            None,
            "backup.restored",
            ("core.backup", source.name),
            details={"made": manifest.created},
            label="command line",
        )
        self.stdout.write(
            _("Restored the backup made %(made)s. Run `peyvand audit verify` next.")
            % {"made": manifest.created}
        )
