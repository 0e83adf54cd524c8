"""`peyvand serve [--host H] [--port N] [--workers N] [--threads N] [--no-worker]`: serve the app
with gunicorn (N processes of N threads) and run one background worker beside it, so that matching
and e-mail notices happen without a second command.

SIGTERM or SIGINT to this process stops it gracefully: gunicorn lets each process finish the
requests it holds (up to ``--graceful-timeout`` seconds), then the background worker is stopped the
same way, and the command exits only when none of its children is left.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.core.serving import ServeOptions, serve


def shared_state() -> bool:
    """True when every server process sees the same database and the same cache."""
    database = str(settings.DATABASES["default"]["ENGINE"])
    caches = str(settings.CACHES["default"]["BACKEND"])
    return not database.endswith("sqlite3") and not caches.endswith("LocMemCache")


class Command(BaseCommand):
    help = "Serve Peyvand over HTTP (gunicorn), with a background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Server processes (default 1); more need PostgreSQL and a shared cache.",
        )
        parser.add_argument("--threads", type=int, default=8, help="Threads per server process.")
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=30,
            help="Seconds a stopping server process may spend on the requests it holds.",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start `peyvand db_worker` beside the server (run it yourself).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 1 <= port <= 65535:
            raise CommandError(_("The port must be a number from 1 to 65535."))
        for name in ("workers", "threads"):
            if not 1 <= options[name] <= 64:
                raise CommandError(_("--%(name)s must be a number from 1 to 64.") % {"name": name})
        if options["workers"] > 1 and not shared_state():
            self.stderr.write(
                _(
                    "Warning: several server processes need PostgreSQL and a shared cache "
                    "(CACHE_URL); here each process counts rate limits on its own."
                )
            )
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        address = {"host": options["host"], "port": port}
        self.stdout.write(_("Serving Peyvand on http://%(host)s:%(port)s/") % address)
        self.stdout.flush()
        serve(
            ServeOptions(
                host=options["host"],
                port=port,
                workers=options["workers"],
                threads=options["threads"],
                graceful_timeout=options["graceful_timeout"],
                with_worker=not options["no_worker"],
            )
        )
