"""Audit events' free-text reasons are encrypted at rest: widen the column, then encrypt the rows
already there. The hash chain covers the plain text, so no link changes (``peyvand audit
verify`` passes before and after)."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.migration_pv1 import decrypt_rows_of, encrypt_rows_of

COLUMNS = [("audit_auditevent", "reason")]


encrypt_rows = encrypt_rows_of(COLUMNS)
decrypt_rows = decrypt_rows_of(COLUMNS)


class Migration(migrations.Migration):
    # Not one transaction: each batch of rows commits on its own (a killed run resumes where it
    # stopped, see rewrite_column), and PostgreSQL cannot alter a table in the transaction that
    # just rewrote its rows (the reverse decrypts, then narrows the column).
    atomic = False
    dependencies = [
        ("audit", "0004_sequence_required"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="reason",
            field=peyvand.core.fields.EncryptedCharField(
                blank=True, max_length=250, verbose_name="why"
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
