"""The database cache's table (rate limits, one-time export links) when CACHE_URL is not set.

Created whichever cache is configured, so switching from Redis back to the database cache needs
no extra step. The table is Django's own ``createcachetable`` layout.
"""

from django.core.management import call_command
from django.db import migrations

TABLE = "peyvand_cache"


def create_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_table, drop_table)]
