"""`peyvand audit verify`: walk the audit trail's hash chain and name the first broken link."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peyvand.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail. `verify` prints 'OK: N events' or the first broken link."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            # CommandError: the message on stderr and exit status 1.
            raise CommandError(str(report))
        self.stdout.write(str(report))
