"""Contact details are encrypted at rest: widen the column, then encrypt the rows already there."""

from django.db import migrations

import peyvand.core.fields
from peyvand.core.migration_pv1 import decrypt_rows_of, encrypt_rows_of

COLUMNS = [("people_contactdetail", "value")]


encrypt_rows = encrypt_rows_of(COLUMNS)
decrypt_rows = decrypt_rows_of(COLUMNS)


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
