"""The linkage engine is a library: importing it must not import Django."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import peyvand.linkage

SRC = str(Path(peyvand.linkage.__file__).resolve().parents[2])


def test_importing_linkage_imports_no_django() -> None:
    code = (
        "import sys, peyvand.linkage as L;"
        "[getattr(L, name) for name in L.__all__];"
        "print('django' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    assert result.stdout.strip() == "False"


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in peyvand.linkage.__all__:
        value = getattr(peyvand.linkage, name)
        assert getattr(value, "__doc__", None), name


def test_the_engine_uses_only_splinks_public_api() -> None:
    """No private attribute of a Splink object (``linker._db_api``) and no ``splink.internals``:
    what Splink may change without notice, the engine does not lean on."""
    package = Path(peyvand.linkage.__file__).resolve().parent
    private = re.compile(r"\b(linker|db_api|splink_df|predictions)\._[a-z]")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line) or "splink.internals" in line
    ]
    assert offenders == []
