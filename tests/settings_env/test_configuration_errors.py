"""A misconfigured environment stops `peyvand` with one line naming the variable, exit status 2.

Run through the real console script (and the WSGI entry servers import), as an operator would.
`peyvand keys new` prints an entry usable as is in PEYVAND_FIELD_KEYS, and runs in production
before any key exists (the production error tells the operator to run it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PEYVAND = str(Path(sys.executable).with_name("peyvand"))
SECRET = "k" * 30 + "Q7!x" + "z9" * 20
PRODUCTION = {
    "PEYVAND_ENV": "production",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "peyvand.example.org",
    "EMAIL_HOST": "127.0.0.1",
    "PEYVAND_FIELD_KEYS": "k1:" + "A" * 43 + "=",
}
INHERITED = ("SECRET_KEY", "DATABASE", "PEYVAND_", "EMAIL_", "DEBUG", "ALLOWED_HOSTS")


def run(
    command: list[str], env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED)}
    return subprocess.run(
        command,
        env={**clean, "PEYVAND_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def without(name: str) -> dict[str, str]:
    return {k: v for k, v in PRODUCTION.items() if k != name}


MISTAKES = [
    ("EMAIL_HOST", without("EMAIL_HOST")),
    ("SECRET_KEY", without("SECRET_KEY")),
    ("ALLOWED_HOSTS", without("ALLOWED_HOSTS")),
    ("PEYVAND_FIELD_KEYS", without("PEYVAND_FIELD_KEYS")),
    ("PEYVAND_FIELD_KEYS", {**PRODUCTION, "PEYVAND_FIELD_KEYS": "k1:not-a-key"}),
    ("PEYVAND_FIELD_KEYS", {**PRODUCTION, "PEYVAND_FIELD_KEYS": "A" * 43 + "="}),
    ("DATABASE_URL", {"DATABASE_URL": "postgres://peyvand:hunter2@db:54x/peyvand"}),
    ("DATABASE_URL", {"DATABASE_URL": "sqlite:///peyvand.sqlite3"}),
    ("EMAIL_PORT", {"EMAIL_PORT": "25x"}),
    ("PEYVAND_STAFF_IDLE_MINUTES", {"PEYVAND_STAFF_IDLE_MINUTES": "0"}),
    ("DEBUG", {"DEBUG": "maybe"}),
]


def assert_one_line_naming(result: subprocess.CompletedProcess[str], variable: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("peyvand: configuration error: ")
    assert variable in lines[0]
    assert "hunter2" not in result.stderr  # a mistyped URL's password is never echoed
    assert result.stdout == ""


@pytest.mark.parametrize(("variable", "env"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_misconfiguration_is_one_line_naming_the_variable(
    variable: str, env: dict[str, str], tmp_path: Path
) -> None:
    assert_one_line_naming(run([PEYVAND, "check"], env, tmp_path), variable)


def test_the_wsgi_entry_stops_the_same_way(tmp_path: Path) -> None:
    result = run([sys.executable, "-c", "import peyvand.wsgi"], without("EMAIL_HOST"), tmp_path)
    assert_one_line_naming(result, "EMAIL_HOST")


def test_keys_new_runs_in_production_without_keys_and_its_line_is_usable_as_is(
    tmp_path: Path,
) -> None:
    made = [run([PEYVAND, "keys", "new"], without("PEYVAND_FIELD_KEYS"), tmp_path) for _ in "ab"]
    for result in made:
        assert result.returncode == 0, result.stderr
        assert re.fullmatch(r"k\d{8}-[0-9a-f]{4}:[\w-]{43}=\n", result.stdout), result.stdout
    first, second = (result.stdout.strip() for result in made)
    assert first.split(":")[0] != second.split(":")[0]

    # The first key: the printed line as the whole variable.
    alone = run([PEYVAND, "check"], {**PRODUCTION, "PEYVAND_FIELD_KEYS": first}, tmp_path)
    assert alone.returncode == 0, alone.stderr
    # A later key: appended after a comma and made current, as its help says.
    appended = {
        **PRODUCTION,
        "PEYVAND_FIELD_KEYS": f"{first},{second}",
        "PEYVAND_FIELD_KEY_CURRENT": second.split(":")[0],
    }
    result = run([PEYVAND, "check"], appended, tmp_path)
    assert result.returncode == 0, result.stderr


def test_keys_new_help_says_how_to_add_the_line(tmp_path: Path) -> None:
    result = run([PEYVAND, "keys", "new", "--help"], without("PEYVAND_FIELD_KEYS"), tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "append the line after a comma" in text
    assert "PEYVAND_FIELD_KEY_CURRENT" in text and "peyvand keys rotate" in text
