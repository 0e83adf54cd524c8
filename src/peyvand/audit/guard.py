"""The application's side of the database triggers that keep the audit tables append-only.

Migration ``audit/0006_append_only_triggers`` makes the database refuse UPDATE, DELETE (and on
PostgreSQL TRUNCATE) of audit events, tombstones and the chain head. Nothing in the application
needs to change or remove those rows; the one exception is the test suite, which empties its
database between transactional tests with ``flush``. The test suite alone calls
:func:`permit_flush`; then ``peyvand flush`` tells the triggers that it is a flush: on PostgreSQL
through a session setting that lets its TRUNCATE through (never a row's DELETE), on SQLite, whose
flush DELETEs every row, through a function registered on the application's connections (a
SQLite connection opened by any other program lacks the function, so its DELETE fails as well).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_FUNCTION = "peyvand_audit_flushing"
POSTGRES_SETTING = "peyvand.audit_flush"
_FLAG = "_peyvand_audit_flushing"
_flush_permitted = False


def permit_flush() -> None:
    """Let ``flush`` empty the audit tables in this process. Called by the test suite only."""
    global _flush_permitted
    _flush_permitted = True


def flush_permitted() -> bool:
    return _flush_permitted


def register_sqlite_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite the function its DELETE triggers consult."""
    if connection.vendor != "sqlite":
        return

    def flushing() -> int:
        return int(getattr(connection, _FLAG, False))

    connection.connection.create_function(SQLITE_FUNCTION, 0, flushing, deterministic=False)


@contextmanager
def flushing(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """While this lasts, ``connection`` may delete audit rows (only when the flush is permitted)."""
    if not _flush_permitted:
        yield
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET {POSTGRES_SETTING} = 'on'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"RESET {POSTGRES_SETTING}")
        return
    setattr(connection, _FLAG, True)
    try:
        yield
    finally:
        setattr(connection, _FLAG, False)
