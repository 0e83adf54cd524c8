"""Contact details are encrypted at rest: widen the column, then encrypt the rows already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.crypto import decrypt_column, encrypt_plain_column

COLUMNS = [("people_contactdetail", "value")]


def encrypt_rows(apps, schema_editor):
    for table, column in COLUMNS:
        encrypt_plain_column(schema_editor.connection, table, column)


def decrypt_rows(apps, schema_editor):
    for table, column in COLUMNS:
        decrypt_column(schema_editor.connection, table, column)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_tracing_loop"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contactdetail",
            name="value",
            field=peyvand.core.fields.EncryptedCharField(max_length=300, verbose_name="value"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
