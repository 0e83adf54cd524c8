"""Match reviewers' free-text reasons are encrypted at rest: widen the column, then encrypt the
rows already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.migration_pv1 import decrypt_rows_of, encrypt_rows_of

COLUMNS = [("matching_matchreview", "reason")]


encrypt_rows = encrypt_rows_of(COLUMNS)
decrypt_rows = decrypt_rows_of(COLUMNS)


class Migration(migrations.Migration):
    # Not one transaction: each batch of rows commits on its own (a killed run resumes where it
    # stopped, see rewrite_column), and PostgreSQL cannot alter a table in the transaction that
    # just rewrote its rows (the reverse decrypts, then narrows the column).
    atomic = False

    dependencies = [
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="matchreview",
            name="reason",
            field=peyvand.core.fields.EncryptedCharField(
                blank=True, max_length=500, verbose_name="reason"
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
