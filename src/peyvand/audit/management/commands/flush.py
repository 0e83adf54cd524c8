"""`peyvand flush`, Django's own, except that the audit tables' triggers refuse it unless the
test suite has permitted it (peyvand/audit/guard.py): a production trail is never emptied."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from peyvand.audit import guard


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with guard.flushing(connections[options["database"]]):
            super().handle(**options)
