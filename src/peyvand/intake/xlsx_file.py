"""Reading an XLSX workbook's first sheet as a stream of rows, within the caps.

An XLSX file is a ZIP archive of XML. Its directory is inspected before openpyxl opens it: the
number of members, their total unpacked size and how much each is compressed are capped, so a
small file that unpacks to gigabytes (a "zip bomb", or one cell of 800 MB) is refused unread.
``zipfile`` stops at each member's declared size and checks its CRC, so the declared sizes are
the sizes openpyxl can ever read. The sheet is then parsed incrementally (openpyxl read-only).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from peyvand.intake.limits import MAX_ZIP_MEMBERS, RATIO_FLOOR_BYTES, FileFormatError, Limits


def _unreadable() -> FileFormatError:
    return FileFormatError(_("The spreadsheet could not be read."))


def inspect_archive(file: IO[bytes], limits: Limits) -> None:
    """Refuse an archive beyond the caps, reading only its directory."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _unreadable() from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise _unreadable()
    if sum(m.file_size for m in members) > limits.max_uncompressed_bytes:
        raise limits.too_large_unpacked()
    for member in members:
        ratio_cap = limits.max_compression_ratio * max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > ratio_cap:
            raise limits.too_compressed()


def read_xlsx(file: IO[bytes], limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """Every row of the first sheet as (spreadsheet row number, cell values), row 1 first."""
    from openpyxl import load_workbook

    inspect_archive(file, limits)
    file.seek(0)
    try:
        book = load_workbook(file, read_only=True, data_only=True)
        sheet: Any = book.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _unreadable() from exc
    # the sheet's own <dimension> may claim 16,384 columns: read the cells that are there
    sheet.reset_dimensions()
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            limits.check_rows(number)
            values = list(row)
            limits.check_row(number, values)
            yield number, values
    except FileFormatError:
        raise
    except Exception as exc:  # a damaged sheet part found only while reading it
        raise _unreadable() from exc
    finally:
        book.close()
