"""What an attacker with their own SQL connection to the database does to the audit trail."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from peyvand.audit.services import record_event


def sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def drop_the_triggers() -> None:
    """As the database's owner or a superuser can: the rest of the test's transaction runs
    without the append-only triggers (the test's rollback restores them)."""
    if connection.vendor == "postgresql":
        sql("DROP FUNCTION peyvand_audit_rows_append_only() CASCADE")
        sql("DROP FUNCTION peyvand_audit_head_moves_forward() CASCADE")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = [name for (name,) in cursor.fetchall() if name.startswith("peyvand_audit_")]
        for name in names:
            cursor.execute(f'DROP TRIGGER "{name}"')


def append(n: int) -> None:
    for i in range(n):
        record_event(None, "test.appended", ("test.thing", i), details={"i": i, "b": [1, 2]})


def verify(*args: str) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def broken() -> str:
    """`peyvand audit verify`'s complaint; it exits with status 1."""
    with pytest.raises(CommandError) as caught:
        verify()
    assert caught.value.returncode == 1
    return str(caught.value)
