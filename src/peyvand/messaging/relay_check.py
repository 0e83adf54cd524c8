"""`peyvand relay check`: run the relay's reader over a CSV of messages, for operators who want to
see what would be held and for tests of the reader. Reads and writes files only, no database."""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils.translation import gettext as _

from peyvand.messaging.relay import contact_kinds


class RelayCheckError(Exception):
    """The input cannot be read; the message says why, translated."""


def _read_rows(source: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with source.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except UnicodeDecodeError as exc:
        raise RelayCheckError(
            _("%(path)s is not UTF-8 text; save it as UTF-8 and try again.") % {"path": source}
        ) from exc
    except OSError as exc:
        raise RelayCheckError(
            _("%(path)s cannot be read: %(error)s") % {"path": source, "error": exc.strerror}
        ) from exc
    if "message" not in header:
        raise RelayCheckError(_("%(path)s has no “message” column.") % {"path": source})
    return header, rows


def check_messages(source: Path, target: Path) -> tuple[int, int]:
    """Write ``source`` to ``target`` with ``held`` (yes/no) and ``kinds`` columns added;
    return (messages read, messages held). Nothing is written when the input cannot be read."""
    header, rows = _read_rows(source)
    columns = [*header, *(name for name in ("held", "kinds") if name not in header)]
    checked = []
    for row in rows:
        kinds = contact_kinds(row["message"] or "")
        checked.append({**row, "held": "yes" if kinds else "no", "kinds": " ".join(kinds)})
    try:
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(checked)
    except OSError as exc:
        raise RelayCheckError(
            _("%(path)s cannot be written: %(error)s") % {"path": target, "error": exc.strerror}
        ) from exc
    return len(rows), sum(row["held"] == "yes" for row in checked)
