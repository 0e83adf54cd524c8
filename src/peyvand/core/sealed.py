"""Personal values handed to queued work travel sealed, never in clear.

A queued task's arguments sit in the task table (``django_tasks_db``) for as long as the row is
kept, readable by anyone with read access to the database or its backups. An e-mail address is
therefore sealed with the field keys (AES-256-GCM, a fresh nonce each time, so two sealed copies
of one address differ, padded so that their lengths do not differ either) and opened by the
task.
"""

from __future__ import annotations

from peyvand.core.crypto import decrypt, encrypt, is_encrypted

# Bound into each sealed value as its "table" and "column": a value sealed for one purpose does
# not open for another, nor as a model field's value.
_WHERE = "queued_task"
# Values are padded to a multiple of this many characters before sealing, so that the length of
# a sealed value does not tell one address from another (e-mail addresses fit in 256).
_BLOCK = 256
_PAD = "\0"


def seal(value: str, purpose: str) -> str:
    """``value`` encrypted for ``purpose`` (e.g. ``"notice.address"``)."""
    blocks = max(1, -(-len(value) // _BLOCK))
    padded = value.ljust(blocks * _BLOCK, _PAD)
    return encrypt(padded, _WHERE, purpose)


def unseal(sealed: str, purpose: str) -> str:
    """The value :func:`seal` sealed for ``purpose``. A value queued before sealing existed is
    taken as it is, so that tasks already waiting at an upgrade still run."""
    if not is_encrypted(sealed):
        return sealed
    return decrypt(sealed, _WHERE, purpose).rstrip(_PAD)
