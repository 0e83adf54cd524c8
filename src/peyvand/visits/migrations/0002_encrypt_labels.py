"""Deadline labels and the names of other travelling family members are encrypted at rest: widen
the columns, then encrypt the rows already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.migration_pv1 import decrypt_rows_of, encrypt_rows_of

COLUMNS = [
    ("visits_travelapplication", "deadline_label"),
    ("visits_travelapplication", "traveller_label"),
]


encrypt_rows = encrypt_rows_of(COLUMNS)
decrypt_rows = decrypt_rows_of(COLUMNS)


class Migration(migrations.Migration):
    # Not one transaction: each batch of rows commits on its own (a killed run resumes where it
    # stopped, see rewrite_column), and PostgreSQL cannot alter a table in the transaction that
    # just rewrote its rows (the reverse decrypts, then narrows the column).
    atomic = False
    dependencies = [
        ("visits", "0001_visits"),
    ]

    operations = [
        migrations.AlterField(
            model_name="travelapplication",
            name="deadline_label",
            field=peyvand.core.fields.EncryptedCharField(
                blank=True, max_length=150, verbose_name="what the deadline is for"
            ),
        ),
        migrations.AlterField(
            model_name="travelapplication",
            name="traveller_label",
            field=peyvand.core.fields.EncryptedCharField(
                blank=True, max_length=100, verbose_name="who travels (when another family member)"
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
