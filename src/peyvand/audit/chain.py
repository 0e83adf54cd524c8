"""The audit trail's hash chain: how an event is hashed, and how the whole chain is verified.

Each event's hash is the SHA-256 of a canonical JSON of its content, which includes its
sequence number and the previous event's hash. Editing an event, deleting one or moving one
changes a hash or breaks a link, and ``verify_chain`` names the first place where that happens.

The chain proves the trail was not altered through the application or by a careless hand; an
attacker able to rewrite the whole table can recompute every hash, so the head hash that
``peyvand audit verify`` prints is meant to be copied somewhere else (a ticket, a signed mail)
from time to time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

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
    problem: str = ""  # "edited", "missing", "reordered", "unchained"
    explanation: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"OK: {self.events} events, head {self.head_hash}"
        return (
            f"BROKEN at sequence {self.broken_at}: {self.problem}: {self.explanation} "
            f"({self.events} events verified before it)"
        )


def _rows(events: QuerySet[Any]) -> Iterator[dict[str, Any]]:
    fields = (*HASHED_FIELDS, "hash", "id")
    return events.order_by("sequence").values(*fields).iterator(chunk_size=2000)


def _diagnose(events: QuerySet[Any], row: dict[str, Any], expected_prev: str) -> ChainReport:
    """Why ``row`` does not continue the chain: edited, reordered or an earlier event altered."""
    sequence = row["sequence"]
    computed = event_hash(row)
    predecessor = (
        events.filter(hash=row["prev_hash"]).values("sequence").first()
        if row["prev_hash"] != GENESIS_HASH
        else {"sequence": 0}
    )
    if computed != row["hash"]:
        if predecessor is not None:
            recorded_as = predecessor["sequence"] + 1
            if (
                recorded_as != sequence
                and event_hash({**row, "sequence": recorded_as}) == row["hash"]
            ):
                return ChainReport(
                    False,
                    sequence - 1,
                    expected_prev,
                    sequence,
                    "reordered",
                    f"the event now at sequence {sequence} was recorded as sequence {recorded_as}",
                )
        return ChainReport(
            False,
            sequence - 1,
            expected_prev,
            sequence,
            "edited",
            "the event's content no longer matches its hash",
        )
    if predecessor is not None and predecessor["sequence"] != sequence - 1:
        return ChainReport(
            False,
            sequence - 1,
            expected_prev,
            sequence,
            "reordered",
            f"the event follows sequence {predecessor['sequence']}, not {sequence - 1}",
        )
    return ChainReport(
        False,
        sequence - 1,
        expected_prev,
        sequence,
        "edited",
        f"the link to sequence {sequence - 1} does not match: that event was altered "
        "and its hash rewritten, or replaced",
    )


def verify_chain() -> ChainReport:
    """Walk every event in sequence order; stop at the first broken link."""
    from peyvand.audit.models import AuditChainHead, AuditEvent

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
                "missing",
                f"no event with sequence {expected_sequence} (gap: the next is {sequence})",
            )
        if row["prev_hash"] != expected_prev or event_hash(row) != row["hash"]:
            return _diagnose(events, row, expected_prev)
        expected_prev = row["hash"]
        expected_sequence += 1
    count = expected_sequence - 1
    head = AuditChainHead.objects.filter(pk=1).values("sequence", "hash").first()
    if head is None:
        if count:
            return ChainReport(
                False, count, expected_prev, count, "missing", "the chain head row is missing"
            )
    elif head["sequence"] > count:
        return ChainReport(
            False,
            count,
            expected_prev,
            count + 1,
            "missing",
            f"the chain head says {head['sequence']} events; the last {head['sequence'] - count} "
            "are missing",
        )
    elif head["sequence"] != count or head["hash"] != expected_prev:
        return ChainReport(
            False,
            count,
            expected_prev,
            head["sequence"],
            "edited",
            "the chain head does not match the last event",
        )
    return ChainReport(True, count, expected_prev)
