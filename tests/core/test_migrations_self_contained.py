"""Migrations carry the logic they run (STYLE.md: "no app imports inside"): scan their imports.

A migration names Peyvand code only where Django serialises it by its import path (a field class,
a validator); the logic of a data migration is a frozen copy inside the migration, so that it
does tomorrow what it did the day it was written.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

import peyvand

PACKAGE = Path(peyvand.__file__).resolve().parent
# What Django writes into a migration by path: field classes and validators.
SERIALISED = {"peyvand.core.fields", "peyvand.people.national_id"}
# Frozen logic the encrypt migrations share (one copy instead of nine): pinned by its checksum.
FROZEN = {
    "peyvand.core.migration_pv1": "b45fb63094c8e66b2591fd352b632ddb6cdf737bedd7428786cf3a8c7b43c842"
}
# Derived data keyed with the engine's function of the day: the search key must match what the
# app computes for new names, so it follows the engine rather than a frozen copy.
KNOWN = {"people/migrations/0005_name_search_key.py": {"peyvand.linkage"}}


def peyvand_imports(source: str) -> set[str]:
    """The ``peyvand`` modules ``source`` imports, at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("peyvand")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("peyvand"):
            found.add(node.module or "")
    return found


def test_the_scan_sees_both_forms_of_import() -> None:
    source = "import peyvand.core.fields\ndef f():\n    from peyvand.audit.chain import x\n"
    assert peyvand_imports(source) == {"peyvand.core.fields", "peyvand.audit.chain"}


def test_migrations_import_no_app_logic() -> None:
    migrations = sorted(PACKAGE.glob("*/migrations/0*.py"))
    assert len(migrations) > 30, "no migrations found: the scan would prove nothing"
    offenders = {}
    for path in migrations:
        name = str(path.relative_to(PACKAGE))
        extra = (
            peyvand_imports(path.read_text(encoding="utf-8"))
            - SERIALISED
            - set(FROZEN)
            - KNOWN.get(name, set())
        )
        if extra:
            offenders[name] = sorted(extra)
    assert offenders == {}


def test_the_frozen_migration_logic_is_never_edited() -> None:
    """A change to what the encrypt migrations run would change old migrations: refuse it."""
    for module, pinned in FROZEN.items():
        path = PACKAGE.parent / (module.replace(".", "/") + ".py")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == pinned, module
