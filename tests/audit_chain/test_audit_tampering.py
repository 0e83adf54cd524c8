"""Every way of tampering with the audit trail is refused by the database, and when the attacker
gets past it (dropping the triggers, as a database owner can), `peyvand audit verify` names what
was done — including cutting off the end and rewinding the head, or emptying the trail, which
only the signed checkpoints outside the database can show."""

from __future__ import annotations

import base64
import json
from email.header import decode_header, make_header
from io import StringIO
from pathlib import Path

import pytest
from audit_tampering import append, broken, drop_the_triggers, sql, verify
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from conftest import World
from peyvand.audit import guard
from peyvand.audit.anchor import Checkpoint, read_checkpoints
from peyvand.audit.anchor_key import anchor_key_from_env, decode_private_key, key_id
from peyvand.audit.chain import event_hash, verify_chain
from peyvand.audit.models import AuditChainHead, AuditEvent, Tombstone
from peyvand.audit.services import EventInput, record_event, record_events
from peyvand.core.env import SettingError
from smtp_inbox import local_smtp


def anchor_lines() -> list[dict[str, object]]:
    path = Path(settings.PEYVAND_AUDIT_ANCHOR)
    return [json.loads(line) for line in path.read_text().splitlines()]


def hash_at(sequence: int) -> str:
    return AuditEvent.objects.values_list("hash", flat=True).get(sequence=sequence)


def refused(statement: str, *params: object) -> str:
    """Run ``statement`` in a savepoint; the database must refuse it."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        sql(statement, *params)
    return str(caught.value)


# --- the database refuses --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_update_and_delete_of_audit_events() -> None:
    append(4)
    assert "append-only" in refused(
        "UPDATE audit_auditevent SET action = %s WHERE sequence = %s", "x", 2
    )
    assert "append-only" in refused("DELETE FROM audit_auditevent WHERE sequence = %s", 4)
    assert "append-only" in refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 4
    assert verify().startswith("OK: 4 events")


@pytest.mark.django_db
def test_the_chain_head_only_moves_forward_to_an_appended_event() -> None:
    append(4)
    assert "only moves forward" in refused(
        "UPDATE audit_auditchainhead SET sequence = %s, hash = %s", 3, hash_at(3)
    )
    assert "only moves forward" in refused(
        "UPDATE audit_auditchainhead SET sequence = %s, hash = %s", 9, "f" * 64
    )
    assert "append-only" in refused("DELETE FROM audit_auditchainhead")
    append(1)  # appending moves it forward, as ever
    assert AuditChainHead.objects.get().sequence == 5


@pytest.mark.django_db
def test_tombstones_cannot_be_changed_or_removed() -> None:
    tombstone = Tombstone.objects.create(
        object_type="people.person", object_id="7", legal_basis="art. 17", actor_label="dpo"
    )
    assert "append-only" in refused(
        "UPDATE audit_tombstone SET legal_basis = %s WHERE id = %s", "none", tombstone.pk
    )
    assert "append-only" in refused("DELETE FROM audit_tombstone WHERE id = %s", tombstone.pk)


@pytest.mark.django_db
def test_truncate_is_refused_and_the_flush_setting_deletes_no_row() -> None:
    append(2)
    if connection.vendor != "postgresql":
        # SQLite has no TRUNCATE; its DELETE without WHERE is refused above.
        assert "append-only" in refused("DELETE FROM audit_auditevent")
        return
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # check the rows just appended, as a commit would
    assert "append-only" in refused("TRUNCATE audit_auditevent CASCADE")
    assert "append-only" in refused("TRUNCATE audit_auditchainhead")
    # The setting `peyvand flush` uses in the test suite lets a TRUNCATE through, never a
    # row's DELETE: a role that may only read and write rows cannot use it to delete events.
    sql("SET LOCAL peyvand.audit_flush = 'on'")
    assert "append-only" in refused("DELETE FROM audit_auditevent WHERE sequence = %s", 2)


@pytest.mark.django_db
def test_only_a_deleted_accounts_link_may_be_cleared(world: World) -> None:
    record_event(world.outsider, "test.by_outsider", ("test.thing", 1))
    event = AuditEvent.objects.get(action="test.by_outsider")
    # Pinning the event on someone else is refused ...
    assert "append-only" in refused(
        "UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", world.dpo.pk, event.pk
    )
    # ... deleting the account clears the link (not hashed); the label keeps who it was.
    world.outsider.delete()
    event.refresh_from_db()
    assert event.actor_id is None and event.actor_label == "outsider (seeker)"
    assert verify().startswith("OK: ")


@pytest.mark.django_db
def test_flush_is_refused_outside_the_test_suite(monkeypatch: pytest.MonkeyPatch) -> None:
    append(3)
    monkeypatch.setattr(guard, "_flush_permitted", False)
    with pytest.raises(CommandError, match="couldn't be flushed"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_only_the_test_suites_flush_empties_the_audit_tables() -> None:
    # The teardown of this transactional test flushes the database through the triggers; this
    # flush, in the middle of the test, proves the same and that the chain starts again.
    append(3)
    assert "append-only" in refused("DELETE FROM audit_auditevent")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not AuditChainHead.objects.exists()
    append(1)
    assert AuditEvent.objects.get().sequence == 1


# --- verify names every tamper -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("cut", [1, 50])
def test_cutting_the_end_off_and_rewinding_the_head_is_truncated(cut: int) -> None:
    append(60)
    assert verify().startswith("OK: 60 events")  # and writes the checkpoint at 60
    assert anchor_lines()[-1]["sequence"] == 60
    drop_the_triggers()
    sql("DELETE FROM audit_auditevent WHERE sequence > %s", 60 - cut)
    sql(
        "UPDATE audit_auditchainhead SET sequence = %s, hash = %s",
        60 - cut,
        hash_at(60 - cut),
    )
    message = broken()
    assert f"BROKEN at sequence {61 - cut}: truncated" in message
    assert f"the chain ends at sequence {60 - cut}" in message
    assert "recorded sequence 60" in message
    with pytest.raises(CommandError, match="truncated"):
        call_command("audit", "checkpoint", stdout=StringIO())
    assert anchor_lines()[-1]["sequence"] == 60  # the rewound head was not signed


@pytest.mark.django_db
def test_emptying_the_trail_and_its_head_is_emptied() -> None:
    append(5)
    call_command("audit", "checkpoint", stdout=StringIO())
    drop_the_triggers()
    sql("DELETE FROM audit_auditevent")
    sql("DELETE FROM audit_auditchainhead")
    message = broken()
    assert "emptied" in message
    assert "the trail holds no event, but the checkpoint" in message


@pytest.mark.django_db
def test_emptying_the_trail_but_leaving_the_head_is_emptied() -> None:
    append(5)
    drop_the_triggers()
    sql("DELETE FROM audit_auditevent")
    assert "BROKEN at sequence 1: emptied" in broken()


@pytest.mark.django_db
def test_swapping_two_neighbouring_events_is_reordered() -> None:
    append(6)
    drop_the_triggers()
    parked = 10**12
    sql("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", parked, 3)
    sql("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", 3, 4)
    sql("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", 4, parked)
    message = broken()
    assert "BROKEN at sequence 3: reordered" in message
    assert "recorded as sequence 4" in message


@pytest.mark.django_db
def test_an_edit_with_every_hash_recomputed_is_rewritten() -> None:
    append(6)
    verify()  # checkpoint at 6
    drop_the_triggers()
    # The attacker edits event 3 and recomputes the chain from there, and the head.
    fields = ("sequence", "prev_hash", "at", "actor_label", "action", "object_type")
    rows = list(AuditEvent.objects.order_by("sequence").values(*fields, "object_id", "reason"))
    prev = hash_at(2)
    for row in rows[2:]:
        row = {**row, "prev_hash": prev, "details": {}}
        if row["sequence"] == 3:
            row["action"] = "test.harmless"
        new_hash = event_hash(row)
        sql(
            "UPDATE audit_auditevent SET action = %s, details = %s, prev_hash = %s, hash = %s "
            "WHERE sequence = %s",
            row["action"],
            "{}",
            prev,
            new_hash,
            row["sequence"],
        )
        prev = new_hash
    sql("UPDATE audit_auditchainhead SET hash = %s", prev)
    assert verify_chain().ok  # the chain alone cannot tell
    message = broken()
    assert "BROKEN at sequence 6: rewritten" in message


@pytest.mark.django_db
def test_an_altered_or_foreign_checkpoint_is_refused() -> None:
    append(3)
    verify()
    path = Path(settings.PEYVAND_AUDIT_ANCHOR)
    record = json.loads(path.read_text())
    path.write_text(json.dumps({**record, "sequence": 2}) + "\n")
    assert "checkpoint" in broken() and "signature does not match" in broken()
    path.write_text(json.dumps({**record, "key": "0123456789abcdef"}) + "\n")
    assert "signed by another key" in broken()


# --- checkpoints are written -------------------------------------------------------------------


@pytest.mark.django_db
def test_verify_writes_a_signed_checkpoint_once_per_head() -> None:
    append(3)
    out = verify()
    assert "No checkpoint yet" in out and "Checkpoint: sequence 3" in out
    assert "Checked against 1 checkpoints" in verify()
    assert len(anchor_lines()) == 1  # same head, no second line
    append(1)
    verify()
    checkpoints = read_checkpoints()
    assert not checkpoints.damaged
    assert [(c.sequence, c.hash) for c in checkpoints.checkpoints] == [
        (3, hash_at(3)),
        (4, hash_at(4)),
    ]
    assert Path(settings.PEYVAND_AUDIT_ANCHOR).stat().st_mode & 0o077 == 0


@pytest.mark.django_db(transaction=True)
def test_a_bulk_append_writes_a_checkpoint_when_it_commits() -> None:
    record_events(None, [EventInput("test.bulk", ("test.thing", i)) for i in range(20)])
    (line,) = anchor_lines()
    assert (line["sequence"], line["hash"]) == (20, hash_at(20))


@pytest.mark.django_db
def test_checkpoints_are_mailed_to_the_data_protection_officers(
    world: World, settings: object
) -> None:
    type(world.dpo).objects.filter(pk=world.dpo.pk).update(email="dpo@example.org", language="fa")
    type(world.admin).objects.filter(pk=world.admin.pk).update(email="admin@example.org")
    with local_smtp(settings) as inbox:
        out = StringIO()
        call_command("audit", "checkpoint", "--mail", stdout=out)
    assert "Mailed to 1 data-protection officers" in out.getvalue()
    ((recipients, message),) = inbox.received
    assert recipients == ["dpo@example.org"]
    body = message.get_payload(decode=True).decode()
    assert "پیوند" in str(make_header(decode_header(message["Subject"])))  # the DPO's language
    record = json.loads(body[body.index("{") : body.index("}") + 1])
    public_key = body.split()[-1]
    checkpoint = Checkpoint(
        record["sequence"], record["hash"], record["at"], record["key"], record["signature"]
    )
    # Anyone holding only the public key can check the mailed checkpoint.
    Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key)).verify(
        base64.b64decode(checkpoint.signature), checkpoint.signed_bytes()
    )
    assert checkpoint.hash == AuditChainHead.objects.get().hash


@pytest.mark.django_db
def test_a_configured_key_signs_and_a_malformed_one_stops_start_up(
    settings: object, tmp_path: Path
) -> None:
    out = StringIO()
    call_command("audit", "new-anchor-key", stdout=out)
    private = out.getvalue().split("PEYVAND_AUDIT_ANCHOR_KEY=")[1].split()[0]
    settings.PEYVAND_AUDIT_ANCHOR_KEY = private  # type: ignore[attr-defined]
    append(2)
    verify()
    (checkpoint,) = read_checkpoints().checkpoints
    assert checkpoint.key == key_id(decode_private_key(private, "test").public_key())
    key_file = tmp_path / "anchor-key"
    key_file.write_text("not a key\n")
    with pytest.raises(SettingError, match="PEYVAND_AUDIT_ANCHOR_KEY: not valid base64"):
        anchor_key_from_env({"PEYVAND_AUDIT_ANCHOR_KEY_FILE": str(key_file)})
    with pytest.raises(SettingError, match="32 bytes, got 16"):
        anchor_key_from_env({"PEYVAND_AUDIT_ANCHOR_KEY": base64.b64encode(b"k" * 16).decode()})


@pytest.mark.django_db
def test_an_unreadable_checkpoint_file_is_a_clear_error(settings: object, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    settings.PEYVAND_AUDIT_ANCHOR = tmp_path / "a-file" / "audit-checkpoints.jsonl"  # type: ignore[attr-defined]
    append(2)
    with pytest.raises(
        CommandError, match=r"BROKEN: checkpoint: the checkpoint file .*a-file.* cannot be read"
    ) as caught:
        verify()
    assert caught.value.returncode == 1


@pytest.mark.django_db
def test_verify_without_checkpoint_writes_nothing() -> None:
    append(2)
    out = verify("--no-checkpoint")
    assert out.startswith("OK: 2 events") and "No checkpoint yet" in out
    assert "Checkpoint:" not in out and "empty" not in out
    assert not Path(settings.PEYVAND_AUDIT_ANCHOR).exists()


@pytest.mark.django_db
def test_key_rotation_may_rewrite_a_reason_and_a_changed_reason_is_named() -> None:
    record_event(None, "test.reasoned", ("test.thing", 1), reason="first reason")
    record_event(None, "test.reasoned", ("test.thing", 2), reason="second reason")

    def stored(sequence: int) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reason FROM audit_auditevent WHERE sequence = %s", [sequence])
            return str(cursor.fetchone()[0])

    # The encrypted reason may be rewritten in place, as `peyvand keys rotate` does ...
    sql("UPDATE audit_auditevent SET reason = %s WHERE sequence = %s", stored(1), 1)
    assert verify().startswith("OK: 2 events")
    # ... other columns may not ...
    assert "append-only" in refused(
        "UPDATE audit_auditevent SET reason = %s, action = %s WHERE sequence = %s",
        stored(1),
        "x",
        1,
    )
    # ... and a reason that now says something else is an edited event.
    sql("UPDATE audit_auditevent SET reason = %s WHERE sequence = %s", stored(2), 1)
    assert "BROKEN at sequence 1: edited" in broken()
