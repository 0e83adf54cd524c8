"""`peyvand serve [--host H] [--port N] [--no-worker]`: serve the app with waitress, and run the
background worker beside it so that matching and e-mail notices happen without a second command."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Serve Peyvand over HTTP (waitress), with a background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start `peyvand db_worker` beside the server (run it yourself).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 1 <= port <= 65535:
            raise CommandError(_("The port must be a number from 1 to 65535."))
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        from waitress import serve  # type: ignore[import-untyped]

        from peyvand.wsgi import application

        worker = None if options["no_worker"] else self._start_worker()
        address = {"host": options["host"], "port": port}
        self.stdout.write(_("Serving Peyvand on http://%(host)s:%(port)s/") % address)
        try:
            serve(application, host=options["host"], port=port, threads=options["threads"])
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)

    def _start_worker(self) -> subprocess.Popen[bytes] | None:
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db"):
            return None
        command = [sys.executable, "-m", "peyvand.cli", "db_worker", "--no-reload", "-v", "0"]
        return subprocess.Popen(command)  # noqa: S603 (our own interpreter and module)
