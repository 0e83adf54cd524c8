"""`peyvand backup -o FILE`: the whole database, encrypted with PEYVAND_BACKUP_PASSPHRASE.

The field keys are not in it (peyvand.core.backup says why); keep them apart from the backups.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.audit.services import record_event
from peyvand.core.backup import BackupError, check_passphrase, make_backup
from peyvand.core.env import SettingError, env_secret

PASSPHRASE = "PEYVAND_BACKUP_PASSPHRASE"  # noqa: S105 (the variable's name)


def backup_passphrase() -> str:
    try:
        passphrase = env_secret(PASSPHRASE)
    except SettingError as exc:
        raise CommandError(str(exc)) from exc
    if not passphrase:
        raise CommandError(
            _("Set %(name)s or %(name)s_FILE to the backup passphrase.") % {"name": PASSPHRASE}
        )
    return passphrase


class Command(BaseCommand):
    help = "Write an encrypted backup of the database (the field keys are never in it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="The backup file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["output"])
        if target.exists():
            raise CommandError(_("%(file)s exists already; name a new file.") % {"file": target})
        passphrase = backup_passphrase()
        try:
            check_passphrase(passphrase)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The backup holds its own audit event: who took a copy of everything, and when.
        record_event(None, "backup.made", ("core.backup", target.name), label="command line")
        partial = target.with_name(f".{target.name}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                manifest = make_backup(passphrase, out)
            os.replace(partial, target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            partial.unlink(missing_ok=True)
        keys = ", ".join(manifest.keys) or "-"
        self.stdout.write(
            _("Backup written to %(file)s. Its encrypted fields need these field keys: %(keys)s.")
            % {"file": target, "keys": keys}
        )
