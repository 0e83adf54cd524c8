"""`peyvand audit verify|checkpoint|new-anchor-key`: check the audit trail against its hash
chain and its signed checkpoints, write checkpoints, make a signing key."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peyvand.audit.anchor import (
    AnchorReading,
    Checkpoint,
    anchor_path,
    check_against_checkpoints,
    checkpoint,
    checkpoint_head,
    read_checkpoints,
)
from peyvand.audit.anchor_key import decode_private_key, new_private_key, public_key_text
from peyvand.audit.anchor_mail import mail_checkpoint
from peyvand.audit.chain import verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit trail. `verify` walks the hash chain and checks it against the signed "
        "checkpoints, then writes one: 'OK: N events' or what is broken (exit status 1). "
        "`checkpoint` writes a checkpoint of the chain's head (run it from a timer). "
        "`new-anchor-key` prints a new checkpoint signing key."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "new-anchor-key"])
        parser.add_argument(
            "--mail", action="store_true", help="also mail the checkpoint to every DPO"
        )
        parser.add_argument(
            "--no-checkpoint", action="store_true", help="verify only; write and mail nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "new-anchor-key":
            self._new_key()
            return
        try:
            self._check(options)
        except OSError as exc:  # the anchor file or key cannot be read or written
            raise CommandError(f"audit checkpoints: {exc}") from exc

    def _check(self, options: dict[str, Any]) -> None:
        if options["action"] == "verify":
            reading = read_checkpoints()
            report = check_against_checkpoints(verify_chain(), reading)
            if not report.ok:
                # CommandError: the message on stderr and exit status 1.
                raise CommandError(str(report))
            self.stdout.write(str(report))
            self.stdout.write(self._checked(reading))
            if options["no_checkpoint"]:
                return
            latest = checkpoint(report, reading)
        else:
            report, latest = checkpoint_head()
            if not report.ok:
                raise CommandError(f"no checkpoint written: {report}")
        self._report(latest, options["mail"])

    def _checked(self, reading: AnchorReading) -> str:
        latest = reading.latest
        if latest is None:
            return f"No checkpoint yet in {anchor_path()}."
        return (
            f"Checked against {len(reading.checkpoints)} checkpoints in {anchor_path()} "
            f"(latest: sequence {latest.sequence}, {latest.at})."
        )

    def _report(self, latest: Checkpoint | None, mail: bool) -> None:
        if latest is None:
            self.stdout.write("The trail is empty: no checkpoint written.")
            return
        self.stdout.write(
            f"Checkpoint: sequence {latest.sequence}, hash {latest.hash}, {latest.at}"
        )
        if mail:
            self.stdout.write(f"Mailed to {mail_checkpoint(latest)} data-protection officers.")

    def _new_key(self) -> None:
        private = new_private_key()
        public = public_key_text(decode_private_key(private, "new key").public_key())
        self.stdout.write(f"PEYVAND_AUDIT_ANCHOR_KEY={private}")
        self.stdout.write(f"# public key, for whoever checks checkpoints: {public}")
