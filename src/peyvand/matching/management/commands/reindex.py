"""`peyvand reindex`: rebuild the live candidate index (after a model change or a new key)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from peyvand.matching.reindex import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the live candidate index from every registration and request, in chunks."

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(side: str, done: int) -> None:
            if side == "registrations":
                line = _("%(done)s registrations indexed") % {"done": done}
            else:
                line = _("%(done)s requests indexed") % {"done": done}
            self.stdout.write(line)

        registrations, requests = rebuild_index(on_progress=progress)
        self.stdout.write(
            _("Index rebuilt: %(registrations)s registrations, %(requests)s requests.")
            % {"registrations": registrations, "requests": requests}
        )
