"""`peyvand names link IN.csv -o OUT.csv` and `peyvand names eval CLUSTERS.csv`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.linkage import LinkageError, eval_names, link_names


class Command(BaseCommand):
    help = "Link full names across Persian and Latin script, or evaluate the engine on clusters."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        link = actions.add_parser("link", help="IN.csv (record_id,name) → OUT.csv of pairs")
        link.add_argument("input")
        link.add_argument("-o", "--output", required=True)
        evaluate = actions.add_parser("eval", help="precision, recall, F1 and peers on clusters")
        evaluate.add_argument("clusters")
        evaluate.add_argument(
            "--no-peers", action="store_true", help="skip the two baseline peers (faster)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "link":
                written = link_names(options["input"], options["output"], report=self.stdout.write)
                self.stdout.write(_("%(n)s pairs written.") % {"n": written})
            else:
                self.stdout.write(
                    eval_names(options["clusters"], with_peers=not options["no_peers"])
                )
        except LinkageError as exc:
            raise CommandError(str(exc)) from exc
