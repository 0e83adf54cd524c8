# Written by hand: chain the events recorded before the hash chain existed, in id order.

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import migrations

# --- Frozen copy of peyvand.audit.chain's hash, format version 1 (at 5c78aa3). ----------------
# A migration must do tomorrow what it did the day it was written, whatever the app code becomes
# (Django: "copy the logic into the migration"); verify_chain checks version-1 hashes for good.
GENESIS_HASH = "0" * 64
FORMAT_VERSION = 1
_PLAIN_JSON = (str, int, bool, type(None))


def canonical_details(details: Any) -> Any:
    if not details:
        return {}
    if type(details) is dict and all(
        type(k) is str and type(v) in _PLAIN_JSON for k, v in details.items()
    ):
        return dict(details)
    return json.loads(json.dumps(details, sort_keys=True, default=str))


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(content: Any) -> str:
    body = {
        "v": FORMAT_VERSION,
        "sequence": int(content["sequence"]),
        "prev_hash": content["prev_hash"],
        "at": _timestamp(content["at"]),
        "actor_label": content["actor_label"],
        "action": content["action"],
        "object_type": content["object_type"],
        "object_id": content["object_id"],
        "reason": content["reason"],
        "details": content["details"],
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
