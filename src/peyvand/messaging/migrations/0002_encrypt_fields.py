"""Message bodies are encrypted at rest: change the field, then encrypt the rows already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.migration_pv1 import decrypt_rows_of, encrypt_rows_of

COLUMNS = [("messaging_message", "body")]


encrypt_rows = encrypt_rows_of(COLUMNS)
decrypt_rows = decrypt_rows_of(COLUMNS)


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
