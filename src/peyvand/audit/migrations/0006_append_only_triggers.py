# Written by hand: the database itself refuses to change or remove audit rows.
#
# The ORM already refuses (peyvand/audit/models.py); these triggers refuse the same for anyone
# holding a plain SQL connection (a console, a script, an injected statement):
# - audit events and tombstones: no UPDATE, except clearing ``actor_id`` when an account is
#   deleted (that column is not hashed; ``actor_label`` keeps who it was) and rewriting an
#   event's encrypted ``reason`` under another field key (``peyvand keys rotate``; the hash
#   covers the plain text, so a rewrite that changes what the reason says is named "edited" by
#   ``peyvand audit verify``); no DELETE; on PostgreSQL no TRUNCATE either;
# - the chain head: it only moves forward, to an event that exists with that sequence and hash;
#   never deleted.
# Retention and erasure never touch these rows, so there is no way through for them. The one
# exception is a test database being flushed between transactional tests, which
# ``peyvand flush`` (peyvand/audit/management/commands/flush.py) announces to the triggers: on
# PostgreSQL, where flush is a TRUNCATE, with the session setting ``peyvand.audit_flush`` (it
# lets TRUNCATE through, never a row's DELETE, and TRUNCATE needs a privilege a role limited to
# reading and writing rows lacks); on SQLite, where flush DELETEs every row, through the function
# ``peyvand_audit_flushing()`` that the application registers on its own connections (any other
# SQLite connection lacks the function, so its DELETE fails too). A database owner can drop the
# triggers; the signed checkpoints outside the database (peyvand/audit/anchor.py) catch that.

from typing import Any

from django.db import migrations

REFUSED = "peyvand: the audit trail is append-only"

# Every column but actor_id, which an account's deletion may clear (SQLite compares them one
# by one; PostgreSQL compares the whole row as JSON).
EVENT_COLUMNS = (
    "id",
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "reason",
    "details",
    "sequence",
    "prev_hash",
    "hash",
)
TOMBSTONE_COLUMNS = (
    "id",
    "object_type",
    "object_id",
    "erased_at",
    "legal_basis",
    "actor_label",
    "details",
)
ROW_TABLES = {"audit_auditevent": EVENT_COLUMNS, "audit_tombstone": TOMBSTONE_COLUMNS}
HEAD = "audit_auditchainhead"

HEAD_MOVES_FORWARD = (
    "NEW.id = OLD.id AND ((NEW.sequence = OLD.sequence AND NEW.hash = OLD.hash) OR "
    "(NEW.sequence > OLD.sequence AND EXISTS (SELECT 1 FROM audit_auditevent e "
    "WHERE e.sequence = NEW.sequence AND e.hash = NEW.hash)))"
)

POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION peyvand_audit_rows_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (NEW.actor_id IS NULL OR NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id)
           AND (to_jsonb(NEW) - 'actor_id' - 'reason') = (to_jsonb(OLD) - 'actor_id' - 'reason')
        THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP = 'TRUNCATE' AND current_setting('peyvand.audit_flush', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{REFUSED}: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION peyvand_audit_head_moves_forward() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF {HEAD_MOVES_FORWARD} THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP = 'TRUNCATE' AND current_setting('peyvand.audit_flush', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{REFUSED}: % on % refused (the chain head only moves forward)',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def _postgres_statements() -> list[str]:
    statements = [POSTGRES_FUNCTIONS]
    functions = {
        **dict.fromkeys(ROW_TABLES, "peyvand_audit_rows_append_only"),
        HEAD: "peyvand_audit_head_moves_forward",
    }
    for table, function in functions.items():
        statements += [
            f"CREATE TRIGGER peyvand_{table}_rows BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER peyvand_{table}_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def _sqlite_statements() -> list[str]:
    statements = []
    for table, columns in ROW_TABLES.items():
        rewritable = ("reason",) if table == "audit_auditevent" else ()
        unchanged = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in columns if c not in rewritable)
        statements.append(
            f"CREATE TRIGGER peyvand_{table}_no_update BEFORE UPDATE ON {table} "
            f"WHEN NOT ((NEW.actor_id IS NULL OR NEW.actor_id IS OLD.actor_id) AND {unchanged}) "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: UPDATE on {table} refused'); END"
        )
    for table in (*ROW_TABLES, HEAD):
        statements.append(
            f"CREATE TRIGGER peyvand_{table}_no_delete BEFORE DELETE ON {table} "
            "WHEN NOT peyvand_audit_flushing() "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE on {table} refused'); END"
        )
    statements.append(
        f"CREATE TRIGGER peyvand_{HEAD}_forward_only BEFORE UPDATE ON {HEAD} "
        f"WHEN NOT ({HEAD_MOVES_FORWARD}) "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSED}: UPDATE on {HEAD} refused "
        "(the chain head only moves forward)'); END"
    )
    return statements


def _drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "DROP FUNCTION IF EXISTS peyvand_audit_rows_append_only() CASCADE",
            "DROP FUNCTION IF EXISTS peyvand_audit_head_moves_forward() CASCADE",
        ]
    if vendor != "sqlite":
        return []
    names = [f"peyvand_{t}_no_update" for t in ROW_TABLES]
    names += [f"peyvand_{t}_no_delete" for t in (*ROW_TABLES, HEAD)]
    names.append(f"peyvand_{HEAD}_forward_only")
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def create_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _postgres_statements()
    elif vendor == "sqlite":
        statements = _sqlite_statements()
    else:  # only the two supported databases carry the triggers
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    for statement in _drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_encrypt_reason")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
