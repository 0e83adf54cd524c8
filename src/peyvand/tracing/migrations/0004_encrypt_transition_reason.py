"""Case transitions' free-text reasons are encrypted at rest: widen the column, then encrypt the
rows already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.migration_pv1 import decrypt_rows_of, encrypt_rows_of

COLUMNS = [("tracing_casetransition", "reason")]


encrypt_rows = encrypt_rows_of(COLUMNS)
decrypt_rows = decrypt_rows_of(COLUMNS)


class Migration(migrations.Migration):
    # Not one transaction: each batch of rows commits on its own (a killed run resumes where it
    # stopped, see rewrite_column), and PostgreSQL cannot alter a table in the transaction that
    # just rewrote its rows (the reverse decrypts, then narrows the column).
    atomic = False
    dependencies = [
        ("tracing", "0003_encrypt_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="casetransition",
            name="reason",
            field=peyvand.core.fields.EncryptedCharField(max_length=250, verbose_name="reason"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
