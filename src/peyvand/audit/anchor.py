"""Signed checkpoints of the audit chain, kept outside the database.

The hash chain shows that no event was edited, removed or moved *within* the chain; it cannot
show that the chain's end was cut off and the head rewound, or that the whole trail and its head
were emptied, because whoever can do that can also leave a chain that verifies. A checkpoint
records what the chain's head was (sequence and hash) at a moment, signed with a key that is not
in the database (``peyvand.audit.anchor_key``), in an append-only file the operator chooses
(``PEYVAND_AUDIT_ANCHOR``) and optionally in the data-protection officer's mailbox.
``peyvand audit verify`` then requires every checkpoint's event to be still in the chain, with
the same hash, and the chain not to end before the latest checkpoint.

Checkpoints are written by ``peyvand audit checkpoint`` (run it from a timer), at the end of a
clean ``peyvand audit verify``, and after each bulk append (``record_events``).
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.utils import timezone

from peyvand.audit.anchor_key import decode_private_key, default_key, key_id
from peyvand.audit.chain import ChainReport
from peyvand.audit.models import AuditChainHead, AuditEvent

FORMAT_VERSION = 1
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at ``at``: its sequence and hash, signed by key ``key``."""

    sequence: int
    hash: str
    at: str
    key: str
    signature: str = ""

    def signed_bytes(self) -> bytes:
        body = {
            "v": FORMAT_VERSION,
            "sequence": self.sequence,
            "hash": self.hash,
            "at": self.at,
            "key": self.key,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")

    def line(self) -> str:
        return json.dumps({"v": FORMAT_VERSION, **asdict(self)}, sort_keys=True) + "\n"


@dataclass(frozen=True)
class AnchorReading:
    """The checkpoints in the anchor file, or why the file cannot be trusted."""

    checkpoints: tuple[Checkpoint, ...]
    damaged: str = ""

    @property
    def latest(self) -> Checkpoint | None:
        return max(self.checkpoints, key=lambda c: c.sequence, default=None)


def anchor_path() -> Path:
    return Path(settings.PEYVAND_AUDIT_ANCHOR)


def signing_key() -> Ed25519PrivateKey:
    configured = settings.PEYVAND_AUDIT_ANCHOR_KEY
    if configured:
        return decode_private_key(configured, "PEYVAND_AUDIT_ANCHOR_KEY")
    return decode_private_key(default_key(Path(settings.DATA_DIR)), "the default anchor key")


def sign(sequence: int, hash_: str) -> Checkpoint:
    key = signing_key()
    unsigned = Checkpoint(
        sequence=sequence,
        hash=hash_,
        at=timezone.now().isoformat(timespec="seconds"),
        key=key_id(key.public_key()),
    )
    signature = base64.b64encode(key.sign(unsigned.signed_bytes())).decode("ascii")
    return Checkpoint(**{**asdict(unsigned), "signature": signature})


def append(checkpoint: Checkpoint) -> None:
    """Add one line to the anchor file: opened for appending only, locked, one write."""
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, checkpoint.line().encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_checkpoints(*, last_only: bool = False) -> AnchorReading:
    """Every checkpoint in the anchor file (or only its last line), each signature checked; a
    missing file has none."""
    path = anchor_path()
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return AnchorReading(())
    except (OSError, UnicodeDecodeError) as exc:
        return AnchorReading((), f"the checkpoint file {path} cannot be read: {exc}")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if last_only:
        lines = lines[-1:]
    public_key = signing_key().public_key()
    checkpoints = []
    for number, line in lines:
        checkpoint = _parse(line)
        where = f"line {number} of {path}"
        if checkpoint is None:
            return AnchorReading((), f"{where} is not a checkpoint")
        if checkpoint.key != key_id(public_key):
            return AnchorReading((), f"{where} is signed by another key ({checkpoint.key})")
        try:
            public_key.verify(base64.b64decode(checkpoint.signature), checkpoint.signed_bytes())
        except (InvalidSignature, binascii.Error, ValueError):
            return AnchorReading((), f"{where}: the signature does not match (altered or forged)")
        checkpoints.append(checkpoint)
    return AnchorReading(tuple(checkpoints))


def _parse(line: str) -> Checkpoint | None:
    try:
        record = json.loads(line)
        checkpoint = Checkpoint(
            sequence=record["sequence"],
            hash=record["hash"],
            at=record["at"],
            key=record["key"],
            signature=record["signature"],
        )
    except (ValueError, KeyError, TypeError):
        return None
    if record.get("v") != FORMAT_VERSION or type(checkpoint.sequence) is not int:
        return None
    if not all(isinstance(v, str) for v in (checkpoint.hash, checkpoint.at, checkpoint.signature)):
        return None
    return checkpoint


def _recorded_hashes(sequences: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(sequences))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        rows = AuditEvent.objects.filter(sequence__in=wanted[start : start + 500])
        found.update(rows.values_list("sequence", "hash"))
    return found


def check_against_checkpoints(report: ChainReport, reading: AnchorReading) -> ChainReport:
    """``report`` (a chain that verified) held against the checkpoints: still there, not cut."""
    if not report.ok:
        return report
    count = report.events
    if reading.damaged:
        return _broken(report, None, "checkpoint", reading.damaged)
    recorded = _recorded_hashes(c.sequence for c in reading.checkpoints if c.sequence <= count)
    for checkpoint in sorted(reading.checkpoints, key=lambda c: c.sequence):
        if checkpoint.sequence <= count and recorded.get(checkpoint.sequence) != checkpoint.hash:
            return _broken(
                report,
                checkpoint.sequence,
                "rewritten",
                f"the checkpoint of {checkpoint.at} recorded another event at sequence "
                f"{checkpoint.sequence}: the trail up to it was changed and its hashes recomputed",
            )
    latest = reading.latest
    if latest is not None and latest.sequence > count:
        if count == 0:
            return _broken(
                report,
                1,
                "emptied",
                f"the trail holds no event, but the checkpoint of {latest.at} recorded "
                f"sequence {latest.sequence}",
            )
        return _broken(
            report,
            count + 1,
            "truncated",
            f"the chain ends at sequence {count}, but the checkpoint of {latest.at} recorded "
            f"sequence {latest.sequence}: events were removed from the end and the chain head "
            "rewound",
        )
    return report


def _broken(report: ChainReport, at: int | None, problem: str, explanation: str) -> ChainReport:
    return ChainReport(False, report.events, report.head_hash, at, problem, explanation)


def checkpoint(report: ChainReport, reading: AnchorReading) -> Checkpoint | None:
    """Sign and append the head ``report`` verified, unless the latest checkpoint already has it
    or the trail is empty; returns the checkpoint now latest."""
    latest = reading.latest
    if not report.ok or report.events == 0:
        return latest
    if latest is not None and (latest.sequence, latest.hash) == (report.events, report.head_hash):
        return latest
    written = sign(report.events, report.head_hash)
    append(written)
    return written


def head_report() -> ChainReport:
    """A quick look at the chain's end, without walking it: the head row and the event it names.

    Enough before writing a checkpoint, since the checkpoints themselves are then checked against
    the chain; ``peyvand audit verify`` walks the whole chain.
    """
    head = AuditChainHead.objects.filter(pk=1).values("sequence", "hash").first()
    if head is None or head["sequence"] == 0:
        return ChainReport(True, 0, "")
    recorded = _recorded_hashes([head["sequence"]]).get(head["sequence"])
    if recorded != head["hash"]:
        return ChainReport(
            False,
            head["sequence"],
            head["hash"],
            head["sequence"],
            "edited",
            "the chain head does not match the event it names",
        )
    return ChainReport(True, head["sequence"], head["hash"])


def checkpoint_head() -> tuple[ChainReport, Checkpoint | None]:
    """Check the head against the last checkpoint, then checkpoint it (``peyvand audit
    checkpoint``, and after each bulk append: a few reads, however long the file)."""
    reading = read_checkpoints(last_only=True)
    report = check_against_checkpoints(head_report(), reading)
    return report, checkpoint(report, reading)


def checkpoint_after_bulk() -> None:
    """``on_commit`` hook of a bulk append: a checkpoint, or a logged refusal to write one."""
    try:
        report, _ = checkpoint_head()
    except OSError as exc:
        logger.error("audit checkpoint not written: %s", exc)
        return
    if not report.ok:
        logger.error("audit checkpoint not written: %s", report)
