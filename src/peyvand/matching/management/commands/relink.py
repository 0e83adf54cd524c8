"""`peyvand relink`: score every open tracing request against the registry again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from peyvand.matching.relink import run_relink
from peyvand.matching.relink_services import open_cli_run


class Command(BaseCommand):
    help = "Re-link every open tracing request against the registry, printing progress."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = open_cli_run()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        def progress(done: int, total: int) -> None:
            self.stdout.write(
                _("%(done)s of %(total)s requests linked") % {"done": done, "total": total}
            )

        finished = run_relink(run.pk, on_progress=progress)
        self.stdout.write(
            _("Re-link finished: %(pairs)s candidate pairs to review (model %(model)s).")
            % {"pairs": finished.pairs_found, "model": finished.model_version}
        )
