"""`peyvand relay check IN.csv -o OUT.csv`: every row written back with held and kinds; input
that cannot be read is refused with a clear message and no output file."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROWS = [
    ("1", "Mum, call me on zero six nine, four four one, two eight eight zero"),
    ("2", "پدرت در تاریخ ۱۴۰۲/۰۵/۱۲ فوت کرد، خدا رحمتش کنه."),
    ("3", "ali.karimi at gmail dot com"),
    ("4", "Jemi mirë, fëmijët janë 4, 6 dhe 9 vjeç."),
]


def write_rows(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_relay_check_adds_held_and_kinds_to_every_row(tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", ["id", "message"], ROWS)
    out = StringIO()
    call_command("relay", "check", str(source), "-o", str(tmp_path / "out.csv"), stdout=out)
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["id"], r["message"], r["held"], r["kinds"]) for r in rows] == [
        ("1", ROWS[0][1], "yes", "phone"),
        ("2", ROWS[1][1], "no", ""),
        ("3", ROWS[2][1], "yes", "email link"),
        ("4", ROWS[3][1], "no", ""),
    ]
    assert "4 messages read, 2 held." in out.getvalue()


def test_relay_check_refuses_a_file_without_a_message_column(tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", ["id", "text"], [("1", "salam")])
    with pytest.raises(CommandError, match="has no “message” column"):
        call_command("relay", "check", str(source), "-o", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_relay_check_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes("message\nسلام\n".encode("cp1256"))
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("relay", "check", str(source), "-o", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_relay_check_says_when_the_output_cannot_be_written(tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", ["message"], [("salam",)])
    with pytest.raises(CommandError, match="cannot be written"):
        call_command("relay", "check", str(source), "-o", str(tmp_path / "missing" / "out.csv"))
