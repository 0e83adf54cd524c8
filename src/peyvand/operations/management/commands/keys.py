"""`peyvand keys status|rotate|new`: the field-encryption keys and the values stored under them.

``rotate`` re-encrypts every encrypted column to the current key (PEYVAND_FIELD_KEY_CURRENT), in
primary-key batches that each commit on their own; a value already under the current key is
skipped, so a run that was killed resumes where it stopped and never encrypts twice. It ends with
the proof count of values still under other keys, which must be 0 before an old key is removed.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from peyvand.audit.services import record_event
from peyvand.cli import KEYS_NEW_HELP
from peyvand.core.crypto import (
    count_by_key,
    decrypt,
    encrypt,
    is_encrypted,
    key_id_of,
    new_key_entry,
    rewrite_column,
)
from peyvand.core.fields import encrypted_columns

CLEAR = ""  # the key id under which count_by_key files values stored in clear


class Command(BaseCommand):
    help = "Show or rotate the keys that encrypt contact details, places, messages and notes."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Count the stored values per key id, per column.")
        rotate = sub.add_parser("rotate", help="Re-encrypt every value to the current key.")
        rotate.add_argument("--batch-size", type=int, default=500, help=argparse.SUPPRESS)
        rotate.add_argument("--pause-after-batch", type=float, default=0.0, help=argparse.SUPPRESS)
        sub.add_parser("new", help=KEYS_NEW_HELP)  # answered by peyvand.cli before settings load
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "new":
            self.stdout.write(new_key_entry())
            return
        connection = connections[options["database"]]
        if action == "status":
            self._status(connection)
        else:
            batch_size = options["batch_size"]
            if batch_size < 1:
                raise CommandError("--batch-size must be at least 1")
            self._rotate(connection, batch_size, options["pause_after_batch"])

    def _status(self, connection: Any) -> None:
        current = settings.PEYVAND_FIELD_KEY_CURRENT
        self.stdout.write(
            f"current key: {current}; configured: {', '.join(settings.PEYVAND_FIELD_KEYS)}"
        )
        for table, column, _pk in encrypted_columns():
            counts = count_by_key(connection, table, column)
            shown = ", ".join(
                f"{'in clear' if key_id == CLEAR else key_id}: {n}"
                for key_id, n in sorted(counts.items())
            )
            self.stdout.write(f"{table}.{column}: {shown or 'no values'}")

    def _rotate(self, connection: Any, batch_size: int, pause: float) -> None:
        keys = settings.PEYVAND_FIELD_KEYS
        current = settings.PEYVAND_FIELD_KEY_CURRENT
        self.stdout.write(f"re-encrypting to key {current}")
        totals: dict[str, int] = {}
        for table, column, pk in encrypted_columns():

            def rewrite(stored: str, table: str = table, column: str = column) -> str | None:
                if key_id_of(stored) == current:
                    return None
                plain = (
                    decrypt(stored, table, column, keys=keys) if is_encrypted(stored) else stored
                )
                return encrypt(plain, table, column, keys=keys, key_id=current)

            def after_batch(last_pk: int, table: str = table, column: str = column) -> None:
                if pause:
                    self.stdout.write(f"batch committed: {table}.{column} up to id {last_pk}")
                    self.stdout.flush()
                    sys.stdout.flush()
                    time.sleep(pause)

            changed, skipped = rewrite_column(
                connection,
                table,
                column,
                rewrite,
                pk=pk,
                batch_size=batch_size,
                after_batch=after_batch,
            )
            totals[f"{table}.{column}"] = changed
            self.stdout.write(
                f"{table}.{column}: {changed} re-encrypted, {skipped} already under {current}"
            )
        remaining = 0
        for table, column, _pk in encrypted_columns():
            counts = count_by_key(connection, table, column)
            remaining += sum(n for key_id, n in counts.items() if key_id != current)
        record_event(
            None,
            "keys.rotated",
            ("core.fieldkey", current),
            details={"reencrypted": totals, "remaining": remaining},
        )
        self.stdout.write(f"{remaining} values under old keys")
        if remaining:
            raise CommandError(f"{remaining} values are still not under key {current}")
