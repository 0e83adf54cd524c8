"""Shared by the field-encryption tests: known keys, and columns read as the database has them."""

from __future__ import annotations

import base64
from typing import Any

from django.db import connection

OLD_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
NEW_KEY = base64.urlsafe_b64encode(bytes(range(100, 132))).decode()
OLD_KEYS = {"old": bytes(range(32))}
BOTH_KEYS = {"old": bytes(range(32)), "new": bytes(range(100, 132))}


def use_keys(settings: Any, keys: dict[str, bytes], current: str) -> None:
    settings.PEYVAND_FIELD_KEYS = keys
    settings.PEYVAND_FIELD_KEY_CURRENT = current


def stored(table: str, column: str, pk: int) -> str | None:
    """The raw text in ``table.column`` for row ``pk``, bypassing the model field."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s",  # noqa: S608 - quoted names from the test; values are parameters
            [pk],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def store_raw(table: str, column: str, pk: int, value: str) -> None:
    """Write ``value`` straight into the column, as someone with database access could."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608 - quoted names from the test; values are parameters
            [value, pk],
        )
