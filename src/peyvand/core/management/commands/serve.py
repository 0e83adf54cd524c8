"""`peyvand serve [--host H] [--port N]`: serve the app with waitress."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Serve Peyvand over HTTP (waitress)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 1 <= port <= 65535:
            raise CommandError(_("The port must be a number from 1 to 65535."))
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        from waitress import serve  # type: ignore[import-untyped]

        from peyvand.wsgi import application

        self.stdout.write(
            _("Serving Peyvand on http://%(host)s:%(port)s/")
            % {
                "host": options["host"],
                "port": port,
            }
        )
        serve(application, host=options["host"], port=port, threads=options["threads"])
