"""`peyvand retention run`: apply the retention schedules once and say what was deleted."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from peyvand.privacy.retention import run_retention, schedules


class Command(BaseCommand):
    help = "Delete what the retention schedules say is due (PEYVAND_RETENTION_*_DAYS); idempotent."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["run"])

    def handle(self, *args: Any, **options: Any) -> None:
        days = ", ".join(f"{outcome} {n} days" for outcome, n in sorted(schedules().items()))
        self.stdout.write(f"Schedules: {days or 'none'}")
        for line in run_retention().lines():
            self.stdout.write(line)
