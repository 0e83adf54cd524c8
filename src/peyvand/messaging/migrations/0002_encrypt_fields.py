"""Message bodies are encrypted at rest: change the field, then encrypt the rows already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.crypto import decrypt_column, encrypt_plain_column

COLUMNS = [("messaging_message", "body")]


def encrypt_rows(apps, schema_editor):
    for table, column in COLUMNS:
        encrypt_plain_column(schema_editor.connection, table, column)


def decrypt_rows(apps, schema_editor):
    for table, column in COLUMNS:
        decrypt_column(schema_editor.connection, table, column)


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
