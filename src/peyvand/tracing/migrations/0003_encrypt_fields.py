"""Places, circumstances, messages for the sought person and case notes are encrypted at rest:
change the fields (the place column widens to text), then encrypt the rows already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.migration_pv1 import decrypt_rows_of, encrypt_rows_of

COLUMNS = [
    ("tracing_tracingrequest", "last_contact_place"),
    ("tracing_tracingrequest", "circumstances"),
    ("tracing_tracingrequest", "message_for_sought"),
    ("tracing_casenote", "text"),
]


encrypt_rows = encrypt_rows_of(COLUMNS)
decrypt_rows = decrypt_rows_of(COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("tracing", "0002_tracing_loop"),
    ]

    operations = [
        migrations.AlterField(
            model_name="casenote",
            name="text",
            field=peyvand.core.fields.EncryptedTextField(verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="tracingrequest",
            name="circumstances",
            field=peyvand.core.fields.EncryptedTextField(
                blank=True, verbose_name="circumstances of separation"
            ),
        ),
        migrations.AlterField(
            model_name="tracingrequest",
            name="last_contact_place",
            field=peyvand.core.fields.EncryptedCharField(
                blank=True, max_length=200, verbose_name="place of last contact"
            ),
        ),
        migrations.AlterField(
            model_name="tracingrequest",
            name="message_for_sought",
            field=peyvand.core.fields.EncryptedTextField(
                blank=True,
                help_text="Relayed only if the sought person agrees to contact.",
                verbose_name="message for the sought person",
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
