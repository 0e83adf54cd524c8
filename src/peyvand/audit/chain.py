"""The audit trail's hash chain: how an event is hashed, and how the whole chain is verified.

Each event's hash is the SHA-256 of a canonical JSON of its content, which includes its
sequence number and the previous event's hash. Editing an event, deleting one or moving one
changes a hash or breaks a link, and ``verify_chain`` names the first place where that happens.

The chain proves the trail was not altered within itself; an attacker able to rewrite the table
can cut its end off and rewind the head, or recompute every hash after an edit. Signed
checkpoints kept outside the database (``peyvand.audit.anchor``) catch those, and the database
refuses UPDATE and DELETE on these tables (migration ``0006_append_only_triggers``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from peyvand.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
FORMAT_VERSION = 1
# The fields a hash covers. ``actor`` (the account id) is left out on purpose: it is set to
# NULL when an account is deleted; ``actor_label`` records who it was.
HASHED_FIELDS = (
    "sequence",
    "prev_hash",
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "reason",
    "details",
)


def canonical_details(details: Any) -> Any:
    """``details`` as the database will give it back (JSON types only, string keys)."""
    if not details:
        return {}
    if type(details) is dict and all(  # the usual flat dict of ids and counts comes back as is
        type(k) is str and type(v) in _PLAIN_JSON for k, v in details.items()
    ):
        return dict(details)
    return json.loads(json.dumps(details, sort_keys=True, default=str))


_PLAIN_JSON = (str, int, bool, type(None))


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(content: Mapping[str, Any]) -> str:
    """The SHA-256 (hex) of one event's content, given as a mapping of ``HASHED_FIELDS``."""
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


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: ``ok``, or the first broken link and what is wrong."""

    ok: bool
    events: int
    head_hash: str
    broken_at: int | None = None
    # "edited", "deleted", "reordered", "truncated", "emptied", "unchained"; against the
    # checkpoints (peyvand.audit.anchor) also "rewritten" and "checkpoint".
    problem: str = ""
    explanation: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"OK: {self.events} events, head {self.head_hash}"
        if self.broken_at is None:
            return f"BROKEN: {self.problem}: {self.explanation} ({self.events} events verified)"
        return (
            f"BROKEN at sequence {self.broken_at}: {self.problem}: {self.explanation} "
            f"({self.events} events verified before it)"
        )


def _rows(events: QuerySet[Any]) -> Iterator[dict[str, Any]]:
    fields = (*HASHED_FIELDS, "hash", "id")
    return events.order_by("sequence").values(*fields).iterator(chunk_size=2000)


def _recorded_sequence(events: QuerySet[Any], row: dict[str, Any], depth: int = 0) -> int | None:
    """The sequence ``row`` was hashed with, found through the event its ``prev_hash`` names
    (itself perhaps moved too); None when no sequence makes its hash match."""
    if row["prev_hash"] == GENESIS_HASH:
        recorded = 1
    else:
        fields = (*HASHED_FIELDS, "hash")
        predecessor = events.filter(hash=row["prev_hash"]).values(*fields).first()
        if predecessor is None or depth > _MAX_MOVED:
            return None
        if event_hash(predecessor) == predecessor["hash"]:
            recorded = predecessor["sequence"] + 1
        else:
            earlier = _recorded_sequence(events, predecessor, depth + 1)
            if earlier is None:
                return None
            recorded = earlier + 1
    return recorded if event_hash({**row, "sequence": recorded}) == row["hash"] else None


# How many moved events in a row ``_recorded_sequence`` follows back before calling it an edit.
_MAX_MOVED = 100


def _diagnose(events: QuerySet[Any], row: dict[str, Any], expected_prev: str) -> ChainReport:
    """Why ``row`` does not continue the chain: edited, reordered or an earlier event altered."""
    sequence = row["sequence"]

    def broken(problem: str, explanation: str) -> ChainReport:
        return ChainReport(False, sequence - 1, expected_prev, sequence, problem, explanation)

    if event_hash(row) != row["hash"]:
        recorded_as = _recorded_sequence(events, row)
        if recorded_as is not None and recorded_as != sequence:
            return broken(
                "reordered",
                f"the event now at sequence {sequence} was recorded as sequence {recorded_as}; "
                "its content is intact",
            )
        return broken("edited", "the event's content no longer matches its hash")
    predecessor = (
        events.filter(hash=row["prev_hash"]).values("sequence").first()
        if row["prev_hash"] != GENESIS_HASH
        else {"sequence": 0}
    )
    if predecessor is not None and predecessor["sequence"] != sequence - 1:
        return broken(
            "reordered", f"the event follows sequence {predecessor['sequence']}, not {sequence - 1}"
        )
    return broken(
        "edited",
        f"the link to sequence {sequence - 1} does not match: that event was altered "
        "and its hash rewritten, or replaced",
    )


def verify_chain() -> ChainReport:
    """Walk every event in sequence order; stop at the first broken link."""
    events = AuditEvent.objects.all()
    unchained = events.filter(sequence__isnull=True).order_by("id").values("id").first()
    if unchained is not None:
        return ChainReport(
            False, 0, GENESIS_HASH, None, "unchained", f"event id {unchained['id']} has no sequence"
        )
    expected_prev = GENESIS_HASH
    expected_sequence = 1
    for row in _rows(events):
        sequence = row["sequence"]
        if sequence != expected_sequence:
            return ChainReport(
                False,
                expected_sequence - 1,
                expected_prev,
                expected_sequence,
                "deleted",
                f"no event with sequence {expected_sequence} (gap: the next is {sequence})",
            )
        if row["prev_hash"] != expected_prev or event_hash(row) != row["hash"]:
            return _diagnose(events, row, expected_prev)
        expected_prev = row["hash"]
        expected_sequence += 1
    count = expected_sequence - 1
    head = AuditChainHead.objects.filter(pk=1).values("sequence", "hash").first()
    return _check_head(head, count, expected_prev)


def _check_head(head: Mapping[str, Any] | None, count: int, last_hash: str) -> ChainReport:
    """The chain head row against the chain's last event."""
    if head is None:
        if count:
            return ChainReport(
                False, count, last_hash, count, "deleted", "the chain head row is gone"
            )
    elif head["sequence"] > count:
        return ChainReport(
            False,
            count,
            last_hash,
            count + 1,
            "emptied" if count == 0 else "truncated",
            f"the chain head says {head['sequence']} events, but the chain ends at sequence "
            f"{count}: events were removed from the end",
        )
    elif head["sequence"] != count or head["hash"] != last_hash:
        return ChainReport(
            False,
            count,
            last_hash,
            head["sequence"],
            "edited",
            "the chain head does not match the last event",
        )
    return ChainReport(True, count, last_hash)
