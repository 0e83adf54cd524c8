"""Questions other apps ask of the tombstones erasure leaves."""

from __future__ import annotations

from collections.abc import Collection

from peyvand.audit.models import Tombstone

# Below every database's limit on parameters in one statement.
_CHUNK = 500


def erased_among(object_type: str, ids: Collection[int]) -> set[int]:
    """Those of ``ids`` that have a tombstone: erased, or emptied of an erased person.

    Ids are never reused and tombstones never removed: a record that gains a tombstone after a
    copy was made from it means the copy may hold what was erased."""
    keys = [str(i) for i in sorted(ids)]
    found: set[int] = set()
    for start in range(0, len(keys), _CHUNK):
        found.update(
            int(object_id)
            for object_id in Tombstone.objects.filter(
                object_type=object_type, object_id__in=keys[start : start + _CHUNK]
            ).values_list("object_id", flat=True)
        )
    return found
