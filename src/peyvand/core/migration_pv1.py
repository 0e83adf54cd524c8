"""Frozen: the ``pv1`` field format and the batched column rewrite of the encrypt migrations.

Nine migrations encrypt columns that were plain text (and decrypt them again when reversed). A
migration must do tomorrow what it did the day it was written, whatever the app code becomes
(Django: "copy the logic into the migration"), so this module is a copy of
``peyvand.core.crypto``'s ``pv1`` format as it stood at 5c78aa3, shared by those migrations and
never edited: ``tests/core/test_migrations_self_contained.py`` holds its checksum. The field
classes read ``pv1`` values for good.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction

PV1 = "pv1"
NONCE_BYTES = 12


def _associated_data(table: str, column: str, key_id: str) -> bytes:
    return f"{PV1}|{table}|{column}|{key_id}".encode()


def _key(key_id: str, where: str) -> bytes:
    keys = settings.PEYVAND_FIELD_KEYS
    if key_id not in keys:
        raise RuntimeError(f"{where}: key id {key_id!r} is not among PEYVAND_FIELD_KEYS")
    return bytes(keys[key_id])


def _encrypt(plain: str, table: str, column: str) -> str:
    key_id = settings.PEYVAND_FIELD_KEY_CURRENT
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(_key(key_id, f"{table}.{column}")).encrypt(
        nonce, plain.encode("utf-8"), _associated_data(table, column, key_id)
    )
    return f"{PV1}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def _decrypt(stored: str, table: str, column: str) -> str:
    _, key_id, body = stored.split(":", 2)
    blob = base64.urlsafe_b64decode(body.encode("ascii"))
    return (
        AESGCM(_key(key_id, f"{table}.{column}"))
        .decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _associated_data(table, column, key_id))
        .decode("utf-8")
    )


def _rewrite_column(
    connection: Any,
    table: str,
    column: str,
    rewrite: Callable[[str], str | None],
    batch_size: int = 500,
) -> None:
    """Rewrite the non-empty values in primary-key batches, each committing on its own."""
    quote = connection.ops.quote_name
    t, c = quote(table), quote(column)
    select = (
        f"SELECT id, {c} FROM {t} WHERE id > %s AND {c} IS NOT NULL AND {c} <> ''"  # noqa: S608 - quoted names from the migration; values are parameters
        " ORDER BY id LIMIT %s"
    )
    update = f"UPDATE {t} SET {c} = %s WHERE id = %s AND {c} = %s"  # noqa: S608 - quoted names from this migration; values are parameters
    last = -1
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
            for row_pk, stored in rows:
                new = rewrite(stored)
                if new is not None and new != stored:
                    cursor.execute(update, [new, row_pk, stored])
        if not rows:
            return
        last = rows[-1][0]


Step = Callable[[Any, Any], None]
"""A ``RunPython`` step: (apps, schema_editor)."""


def encrypt_rows_of(columns: Sequence[tuple[str, str]]) -> Step:
    """The forward step of a migration that encrypts ``columns`` ((table, column) pairs)."""

    def encrypt_rows(apps: Any, schema_editor: Any) -> None:
        for table, column in columns:
            _rewrite_column(
                schema_editor.connection,
                table,
                column,
                lambda stored, t=table, c=column: (  # type: ignore[misc]
                    None if stored.startswith(PV1 + ":") else _encrypt(stored, t, c)
                ),
            )

    return encrypt_rows


def decrypt_rows_of(columns: Sequence[tuple[str, str]]) -> Step:
    """The backward step: the same columns back to plain text."""

    def decrypt_rows(apps: Any, schema_editor: Any) -> None:
        for table, column in columns:
            _rewrite_column(
                schema_editor.connection,
                table,
                column,
                lambda stored, t=table, c=column: (  # type: ignore[misc]
                    _decrypt(stored, t, c) if stored.startswith(PV1 + ":") else None
                ),
            )

    return decrypt_rows
