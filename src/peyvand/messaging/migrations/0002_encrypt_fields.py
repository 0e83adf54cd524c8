"""Message bodies are encrypted at rest: change the field, then encrypt the rows already there."""

import base64
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import migrations, transaction

import peyvand.core.fields

COLUMNS = [("messaging_message", "body")]


# --- Frozen copy of peyvand.core.crypto's pv1 format and column rewrite (at 5c78aa3). -----------
# A migration must do tomorrow what it did the day it was written, whatever the app code becomes
# (Django: "copy the logic into the migration"). The field reads pv1 values for good.
PV1 = "pv1"
NONCE_BYTES = 12


def _associated_data(table, column, key_id):
    return f"{PV1}|{table}|{column}|{key_id}".encode()


def _key(key_id, where):
    keys = settings.PEYVAND_FIELD_KEYS
    if key_id not in keys:
        raise RuntimeError(f"{where}: key id {key_id!r} is not among PEYVAND_FIELD_KEYS")
    return keys[key_id]


def _encrypt(plain, table, column):
    key_id = settings.PEYVAND_FIELD_KEY_CURRENT
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(_key(key_id, f"{table}.{column}")).encrypt(
        nonce, plain.encode("utf-8"), _associated_data(table, column, key_id)
    )
    return f"{PV1}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def _decrypt(stored, table, column):
    _, key_id, body = stored.split(":", 2)
    blob = base64.urlsafe_b64decode(body.encode("ascii"))
    return (
        AESGCM(_key(key_id, f"{table}.{column}"))
        .decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _associated_data(table, column, key_id))
        .decode("utf-8")
    )


def _rewrite_column(connection, table, column, rewrite, batch_size=500):
    """Rewrite the non-empty values in primary-key batches, each committing on its own."""
    quote = connection.ops.quote_name
    t, c = quote(table), quote(column)
    select = f"SELECT id, {c} FROM {t} WHERE id > %s AND {c} IS NOT NULL AND {c} <> '' ORDER BY id LIMIT %s"  # noqa: S608 - quoted names from this migration; values are parameters
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


def encrypt_rows(apps, schema_editor):
    for table, column in COLUMNS:
        _rewrite_column(
            schema_editor.connection,
            table,
            column,
            lambda stored, t=table, c=column: (
                None if stored.startswith(PV1 + ":") else _encrypt(stored, t, c)
            ),
        )


def decrypt_rows(apps, schema_editor):
    for table, column in COLUMNS:
        _rewrite_column(
            schema_editor.connection,
            table,
            column,
            lambda stored, t=table, c=column: (
                _decrypt(stored, t, c) if stored.startswith(PV1 + ":") else None
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="message",
            name="body",
            field=peyvand.core.fields.EncryptedTextField(verbose_name="message"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
