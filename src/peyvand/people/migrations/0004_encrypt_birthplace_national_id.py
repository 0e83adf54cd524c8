"""Birthplaces and national IDs are encrypted at rest: widen the columns, then encrypt the rows
already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.migration_pv1 import decrypt_rows_of, encrypt_rows_of

COLUMNS = [("people_person", "birthplace"), ("people_person", "national_id")]


encrypt_rows = encrypt_rows_of(COLUMNS)
decrypt_rows = decrypt_rows_of(COLUMNS)


class Migration(migrations.Migration):
    # Not one transaction: each batch of rows commits on its own (a killed run resumes where it
    # stopped, see rewrite_column), and PostgreSQL cannot alter a table in the transaction that
    # just rewrote its rows (the reverse decrypts, then narrows the column).
    atomic = False
    dependencies = [
        ("people", "0003_encrypt_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="birthplace",
            field=peyvand.core.fields.EncryptedCharField(
                blank=True, max_length=200, verbose_name="birthplace"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="national_id",
            field=peyvand.core.fields.EncryptedCharField(
                blank=True,
                max_length=10,
                validators=[peyvand.people.national_id.code_melli_validator],
                verbose_name="national ID (code melli)",
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
