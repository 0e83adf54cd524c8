"""Hostile family lists built small: XLSX archives that unpack to far more than they weigh, and
CSV bytes that are not text."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from intake_data import REQUEST_HEADERS, request_rows
from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_TAIL = "</sheetData></worksheet>"


def _cell(column: int, row: int, value: object) -> str:
    letter = chr(ord("A") + column)
    return f'<c r="{letter}{row}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int, values: Iterable[object]) -> str:
    cells = "".join(_cell(i, number, v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def xlsx_with_sheet(parts: Iterable[str], dimension: str = "") -> bytes:
    """A real workbook (openpyxl's own parts) whose first sheet is replaced by ``parts`` (rows),
    written to the archive piece by piece and deflated at the highest level; ``dimension`` is
    the range the sheet claims to span."""
    head = _HEAD + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>"
    base = io.BytesIO()
    Workbook().save(base)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(base) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            if item.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as sheet:
                    for part in [head, *parts, _TAIL]:
                        sheet.write(part.encode())
            else:
                target.writestr(item, source.read(item))
    return out.getvalue()


def sheet_bomb(megabytes: int) -> bytes:
    """The same good row again and again: ``megabytes`` of sheet XML in a few tens of KB."""
    row = request_rows(1)[0]
    one = row_xml(2, row)
    count = megabytes * 1024 * 1024 // len(one.encode())
    header = row_xml(1, REQUEST_HEADERS)
    return xlsx_with_sheet([header, *(one for _ in range(count))])


def huge_cell(megabytes: int) -> bytes:
    """One cell of ``megabytes`` of text."""
    header = row_xml(1, REQUEST_HEADERS)
    block = "آ" * (512 * 1024)  # one MB in UTF-8
    opening = '<row r="2"><c r="A2" t="inlineStr"><is><t>'
    return xlsx_with_sheet(
        [header, opening, *(block for _ in range(megabytes)), "</t></is></c></row>"]
    )


def incompressible_sheet(megabytes: int, seed: int = 1) -> bytes:
    """A sheet of random letters that deflate barely shrinks (a ratio under 2)."""
    rng = random.Random(seed)
    header = row_xml(1, REQUEST_HEADERS)
    letters = "abcdefghijklmnopqrstuvwxyz"
    parts = [header]
    size, number = 0, 2
    while size < megabytes * 1024 * 1024:
        cell = "".join(rng.choices(letters, k=200))
        part = row_xml(number, [cell[:20], cell[20:40], cell[40:]])
        parts.append(part)
        size += len(part)
        number += 1
    return xlsx_with_sheet(parts)
