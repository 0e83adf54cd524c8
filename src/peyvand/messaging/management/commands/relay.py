"""`peyvand relay check IN.csv -o OUT.csv`: which messages the relay would hold, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.messaging.relay_check import RelayCheckError, check_messages


class Command(BaseCommand):
    help = "Read messages as the relay does: IN.csv (a message column) → OUT.csv with held, kinds."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("check", help="IN.csv → OUT.csv with held (yes/no) and kinds")
        check.add_argument("input")
        check.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            read, held = check_messages(Path(options["input"]), Path(options["output"]))
        except RelayCheckError as exc:
            raise CommandError(str(exc)) from exc
        counts = {"read": read, "held": held}
        self.stdout.write(_("%(read)s messages read, %(held)s held.") % counts)
