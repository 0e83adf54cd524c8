"""Streamed, validated reading of name CSV files.

Files are read row by row (never whole into memory before validation), so a huge file is
processed as a stream and a bad row is reported with its line number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from peyvand.linkage.internals.errors import LinkageInputError

MAX_NAME_LENGTH = 300


def _open_text(path: str | Path) -> io.TextIOWrapper:
    try:
        handle = open(path, encoding="utf-8-sig", errors="strict", newline="")  # noqa: SIM115
    except OSError as exc:
        raise LinkageInputError(f"cannot open {path}: {exc.strerror or exc}") from exc
    return handle


def iter_csv_rows(
    path: str | Path, required: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` for each data row, checking columns and encoding.

    Raises LinkageInputError when the header lacks a required column, a row has the wrong
    number of fields, or the bytes are not UTF-8.
    """
    handle = _open_text(path)
    with handle:
        reader = csv.reader(handle)
        line = 1
        try:
            header = next(reader, None)
            if header is None:
                raise LinkageInputError(f"{path} is empty; expected a header {','.join(required)}")
            header = [h.strip() for h in header]
            missing = [c for c in required if c not in header]
            if missing:
                raise LinkageInputError(
                    f"{path} has no column(s) {', '.join(missing)}; "
                    f"found {', '.join(header) or 'nothing'}"
                )
            for fields in reader:
                line = reader.line_num
                if not fields or all(not f.strip() for f in fields):
                    continue
                if len(fields) != len(header):
                    raise LinkageInputError(
                        f"{path}, line {line}: {len(fields)} fields, header has {len(header)}"
                    )
                yield line, dict(zip(header, fields, strict=True))
        except UnicodeDecodeError as exc:
            raise LinkageInputError(
                f"{path} is not UTF-8 text (bad byte near line {line + 1}); "
                "save it as UTF-8 and try again"
            ) from exc
        except csv.Error as exc:
            raise LinkageInputError(f"{path}, line {line}: not valid CSV ({exc})") from exc


def iter_named_records(path: str | Path) -> Iterator[tuple[str, str]]:
    """Yield ``(record_id, name)`` from a CSV with columns ``record_id,name``.

    Empty or missing record ids, empty names, names longer than 300 characters and repeated
    record ids are errors.
    """
    seen: set[str] = set()
    for line, row in iter_csv_rows(path, ("record_id", "name")):
        record_id, name = row["record_id"].strip(), row["name"].strip()
        if not record_id:
            raise LinkageInputError(f"{path}, line {line}: empty record_id")
        if not name:
            raise LinkageInputError(f"{path}, line {line}: record {record_id!r} has an empty name")
        if len(name) > MAX_NAME_LENGTH:
            raise LinkageInputError(
                f"{path}, line {line}: name of record {record_id!r} is longer than "
                f"{MAX_NAME_LENGTH} characters"
            )
        if record_id in seen:
            raise LinkageInputError(f"{path}, line {line}: record_id {record_id!r} repeated")
        seen.add(record_id)
        yield record_id, name
