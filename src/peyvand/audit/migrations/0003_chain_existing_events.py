# Written by hand: chain the events recorded before the hash chain existed, in id order.

from typing import Any

from django.db import migrations

from peyvand.audit.chain import GENESIS_HASH, canonical_details, event_hash


def chain_existing(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    alias = schema_editor.connection.alias
    prev_hash = GENESIS_HASH
    sequence = 0
    for event in AuditEvent.objects.using(alias).order_by("id").iterator(chunk_size=2000):
        sequence += 1
        event.sequence = sequence
        event.prev_hash = prev_hash
        event.details = canonical_details(event.details)
        event.hash = event_hash(event.__dict__)
        event.save(update_fields=["sequence", "prev_hash", "details", "hash"])
        prev_hash = event.hash
    AuditChainHead.objects.using(alias).update_or_create(
        pk=1, defaults={"sequence": sequence, "hash": prev_hash}
    )


def unchain(apps: Any, schema_editor: Any) -> None:
    apps.get_model("audit", "AuditChainHead").objects.using(
        schema_editor.connection.alias
    ).all().delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain_and_tombstones")]

    operations = [migrations.RunPython(chain_existing, unchain)]
