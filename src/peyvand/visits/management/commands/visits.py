"""`peyvand visits remind`: send the visa and travel-document deadline reminders now due."""

from __future__ import annotations

import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peyvand.visits.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Visits. `remind` e-mails each due deadline reminder once to the case's caseworker "
        "(PEYVAND_VISIT_REMINDER_DAYS before the deadline); run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["remind"])
        parser.add_argument(
            "--today", help="count the reminder window from this day (YYYY-MM-DD) instead of today"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date such as 2025-03-21") from None
        sent = send_due_reminders(today)
        self.stdout.write(f"{len(sent)} reminders sent")
