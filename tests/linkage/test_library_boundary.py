"""The linkage engine is a library: importing it must not import Django."""

from __future__ import annotations

import os
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
