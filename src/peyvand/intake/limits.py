"""The caps a family list must fit before any row of it is imported, and the error that refuses
a file whole.

A file is read as a stream, never whole into memory: the caps bound what one import may cost
(a 4.8 MB spreadsheet can unpack to gigabytes of XML). Each is a setting taken from the
environment (``PEYVAND_IMPORT_MAX_ROWS`` and friends, documented in the README).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

# XLSX: more entries than any real workbook has (a sheet, its rels, styles, strings, themes...)
MAX_ZIP_MEMBERS = 1000
# XLSX: a small member may compress very well (an empty sheet); the ratio cap applies above this
RATIO_FLOOR_BYTES = 1024 * 1024


class FileFormatError(ValueError):
    """The file cannot be read at all (not CSV/XLSX, no header row, beyond a cap): refused
    whole, before any row is imported. The message is translated and names no cell's content."""


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_uncompressed_bytes: int
    max_compression_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_rows=settings.PEYVAND_IMPORT_MAX_ROWS,
            max_columns=settings.PEYVAND_IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.PEYVAND_IMPORT_MAX_CELL_CHARS,
            max_uncompressed_bytes=settings.PEYVAND_IMPORT_MAX_UNCOMPRESSED_BYTES,
            max_compression_ratio=settings.PEYVAND_IMPORT_MAX_COMPRESSION_RATIO,
        )

    @property
    def max_line_bytes(self) -> int:
        """The longest physical line of a CSV file: every cell at its longest, four bytes a
        character, quoted, with its separator."""
        return self.max_columns * (4 * self.max_cell_chars + 3)

    def check_rows(self, number: int) -> None:
        """``number`` is the spreadsheet row (the header is row 1)."""
        if number - 1 > self.max_rows:
            raise FileFormatError(
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": f"{self.max_rows:,}"}
            )

    def check_row(self, number: int, values: Sequence[object]) -> None:
        if len(values) > self.max_columns:
            raise FileFormatError(
                _("Row %(row)s has more than %(limit)s columns.")
                % {"row": number, "limit": f"{self.max_columns:,}"}
            )
        for index, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > self.max_cell_chars:
                raise self.cell_too_long(number, index)

    def cell_too_long(self, number: int, column: int | None = None) -> FileFormatError:
        if column is None:
            return FileFormatError(
                _("Row %(row)s has a cell longer than %(limit)s characters.")
                % {"row": number, "limit": f"{self.max_cell_chars:,}"}
            )
        return FileFormatError(
            _("Row %(row)s, column %(column)s: the cell is longer than %(limit)s characters.")
            % {"row": number, "column": column, "limit": f"{self.max_cell_chars:,}"}
        )

    def too_large_unpacked(self) -> FileFormatError:
        return FileFormatError(
            _(
                "The spreadsheet unpacks to more than %(megabytes)s MB. Split it into smaller "
                "files, or save it as CSV."
            )
            % {"megabytes": f"{self.max_uncompressed_bytes / (1024 * 1024):,.0f}"}
        )

    def too_compressed(self) -> FileFormatError:
        return FileFormatError(
            _(
                "The spreadsheet is compressed more than %(ratio)s to 1, as no real list of "
                "names is: it was refused unread."
            )
            % {"ratio": self.max_compression_ratio}
        )
