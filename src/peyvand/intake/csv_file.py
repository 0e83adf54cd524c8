"""Reading a CSV file as a stream of rows, a block at a time, within the caps.

Bad bytes never stop the file: a line that is not UTF-8, a NUL or other control character, or a
carriage return inside an unquoted cell (which the csv module refuses with an exception) reaches
the row as U+FFFD, and ``peyvand.intake.rows.prepare_row`` reports that cell as the row's error.
Only a file whose header row is not UTF-8 text is refused whole (it is not a CSV file at all).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from peyvand.intake.limits import FileFormatError, Limits

BLOCK = 64 * 1024
BAD = "\ufffd"
_STRAY_CR = re.compile(r"\r(?!\n)")


def _not_csv() -> FileFormatError:
    return FileFormatError(_("The file is neither an XLSX spreadsheet nor UTF-8 CSV."))


def _physical_lines(file: IO[bytes], first: bytes, limits: Limits) -> Iterator[bytes]:
    """The file's lines as bytes, each with its end. Lines end at LF, or at CR in a file that
    has no LF at all (old Mac spreadsheets); a line longer than the caps allow refuses the file."""
    separator = b"\n" if b"\n" in first or b"\r" not in first else b"\r"
    buffer = first
    while True:
        start = 0
        while (end := buffer.find(separator, start)) >= 0:
            yield buffer[start : end + 1]
            start = end + 1
        buffer = buffer[start:]
        if len(buffer) > limits.max_line_bytes:
            raise FileFormatError(
                _(
                    "The file has a line longer than %(limit)s bytes: cells are at most "
                    "%(chars)s characters and rows at most %(columns)s columns."
                )
                % {
                    "limit": f"{limits.max_line_bytes:,}",
                    "chars": f"{limits.max_cell_chars:,}",
                    "columns": f"{limits.max_columns:,}",
                }
            )
        block = file.read(BLOCK)
        if not block:
            break
        buffer += block
    if buffer:
        yield buffer


def _text(line: bytes) -> str:
    """A line as text; bytes that are not UTF-8 become U+FFFD (the row will say so)."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace")


class _Records:
    """Lines fed to the csv reader, keeping the ones of the record being read so that a record
    the reader refuses can be read again with its stray carriage returns marked."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self.lines = lines
        self.held: list[str] = []

    def __iter__(self) -> Iterator[str]:
        for line in self.lines:
            text = _text(line)
            self.held.append(text)
            yield text

    def recover(self, dialect: Any) -> list[str]:
        text = _STRAY_CR.sub(BAD, "".join(self.held)).replace("\x00", BAD)
        try:
            return next(csv.reader(io.StringIO(text, newline="\n"), dialect))
        except (csv.Error, StopIteration):
            return [BAD]


def read_csv(file: IO[bytes], limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """Every record of a CSV file as (spreadsheet row number, raw cells), the header first as
    row 1. Raises :class:`FileFormatError` for a file that is not UTF-8 text or beyond a cap."""
    first = file.read(BLOCK)
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    header_end = first.find(b"\n")
    header = first if header_end < 0 else first[:header_end]
    try:
        # a block may end inside a character: only the header line must decode whole
        header.decode("utf-8")
    except UnicodeDecodeError:
        raise _not_csv() from None
    if b"\x00" in header:
        raise _not_csv()  # UTF-16 without its byte order mark
    try:
        dialect: Any = csv.Sniffer().sniff(
            first[:4096].decode("utf-8", errors="ignore"), delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    records = _Records(_physical_lines(file, first, limits))
    reader = csv.reader(records, dialect)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise limits.cell_too_long(number + 1) from None
            row = records.recover(dialect)
        records.held.clear()
        number += 1
        limits.check_rows(number)
        limits.check_row(number, row)
        yield number, row
