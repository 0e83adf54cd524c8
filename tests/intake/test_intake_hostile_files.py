"""Hostile and broken family lists: refused whole when beyond a cap, before any row is read or
written; bad bytes reported on their row, never a crash, never a batch left running."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from hostile_files import huge_cell, incompressible_sheet, row_xml, sheet_bomb, xlsx_with_sheet
from intake_data import REQUEST_HEADERS, request_rows, write_csv

from conftest import World
from peyvand.intake.models import BatchStatus, ImportBatch, ImportRow, RowStatus
from peyvand.tracing.models import TracingRequest

pytestmark = pytest.mark.django_db

UNREADABLE = "The cell holds bytes that are not text"


def post(world: World, name: str, data: bytes, persona: str = "caseworker_a") -> tuple[int, str]:
    client = world.client_for(persona)
    response = client.post(
        "/staff/intake/", {"file": SimpleUploadedFile(name, data), "kind": "requests"}
    )
    if response.status_code == 302:
        return 302, client.get(response["Location"]).content.decode()
    return response.status_code, response.content.decode()


def run(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def refused_by_cli(path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        run(str(path), "--kind", "requests", "--agency", "agency-a")
    assert not ImportBatch.objects.exists()
    return str(caught.value)


def csv_bytes(rows: list[list[object]]) -> bytes:
    lines = [",".join(REQUEST_HEADERS)] + [",".join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


# -- XLSX archives --------------------------------------------------------------------------


def test_a_zip_bomb_spreadsheet_is_refused_unread(world: World, tmp_path: Path) -> None:
    bomb = sheet_bomb(megabytes=40)
    assert len(bomb) < 300_000  # 40 MB of sheet XML in a file of two hundred KB
    status, page = post(world, "bomb.xlsx", bomb)
    assert status == 400
    assert "compressed more than 100 to 1" in page
    assert not ImportBatch.objects.exists()
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    assert "compressed more than 100 to 1" in refused_by_cli(path)


def test_a_spreadsheet_with_one_huge_cell_is_refused_unread(world: World, tmp_path: Path) -> None:
    data = huge_cell(megabytes=50)
    assert len(data) < 500_000
    path = tmp_path / "cell.xlsx"
    path.write_bytes(data)
    assert "compressed more than 100 to 1" in refused_by_cli(path)
    status, _page = post(world, "cell.xlsx", data)
    assert status == 400 and not ImportBatch.objects.exists()


@override_settings(PEYVAND_IMPORT_MAX_UNCOMPRESSED_BYTES=2 * 1024 * 1024)
def test_a_spreadsheet_unpacking_beyond_the_cap_is_refused(world: World) -> None:
    status, page = post(world, "big.xlsx", incompressible_sheet(megabytes=3))
    assert status == 400 and "unpacks to more than 2 MB" in page
    assert not ImportBatch.objects.exists()


def test_a_cell_longer_than_the_cap_names_its_row_and_column(world: World) -> None:
    rows = request_rows(3)
    rows[1][9] = "ک" * 2_001
    data = xlsx_with_sheet([row_xml(n, r) for n, r in enumerate([REQUEST_HEADERS, *rows], 1)])
    status, page = post(world, "long.xlsx", data)
    assert status == 400
    assert "Row 3, column 10: the cell is longer than 2,000 characters." in page
    assert not ImportBatch.objects.exists()


@override_settings(PEYVAND_IMPORT_MAX_ROWS=5)
def test_more_rows_than_the_cap_are_refused_before_any_is_written(
    world: World, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "many.csv", REQUEST_HEADERS, request_rows(6))
    before = TracingRequest.objects.count()
    assert "The file has more than 5 rows" in refused_by_cli(path)
    status, page = post(world, "many.csv", path.read_bytes())
    assert status == 400 and "more than 5 rows" in page
    assert TracingRequest.objects.count() == before
    # at the cap exactly, the file is read
    path = write_csv(tmp_path / "five.csv", REQUEST_HEADERS, request_rows(5))
    assert "5 imported" in run(str(path), "--kind", "requests", "--agency", "agency-a")


@override_settings(PEYVAND_IMPORT_MAX_COLUMNS=12)
def test_more_columns_than_the_cap_are_refused(world: World, tmp_path: Path) -> None:
    rows = request_rows(3)
    rows[2] = [*rows[2], "x", "y"]  # 13 cells on row 4
    path = write_csv(tmp_path / "wide.csv", REQUEST_HEADERS, rows)
    assert "Row 4 has more than 12 columns." in refused_by_cli(path)
    # a sheet that claims to span 16,384 columns is read by the cells it has
    parts = [row_xml(n, r) for n, r in enumerate([REQUEST_HEADERS, *request_rows(2)], 1)]
    status, page = post(world, "wide.xlsx", xlsx_with_sheet(parts, dimension="A1:XFD1048576"))
    assert status == 302 and "2 rows; 0 would be quarantined." in page


# -- CSV bytes -------------------------------------------------------------------------------


def test_a_carriage_return_inside_an_unquoted_cell_is_that_row_s_error(
    world: World, tmp_path: Path
) -> None:
    rows = request_rows(4, seed=2)
    data = csv_bytes(rows)
    family = str(rows[1][1]).encode()
    assert data.count(family) == 1
    broken = data.replace(family, family[:4] + b"\r" + family[4:])  # row 3, «نام خانوادگی»
    status, page = post(world, "cr.csv", broken)
    assert status == 302
    assert "4 rows; 1 would be quarantined." in page and UNREADABLE in page
    batch = ImportBatch.objects.get()
    assert [(e["row"], e["column"]) for e in batch.report_data()["errors"]] == [(3, "نام خانوادگی")]

    path = tmp_path / "cr.csv"
    path.write_bytes(broken)
    output = run(str(path), "--kind", "requests", "--agency", "agency-b", "--no-duplicates")
    assert f"row 3, column «نام خانوادگی»: {UNREADABLE}" in output
    assert "3 imported, 1 quarantined" in output
    imported = ImportBatch.objects.get(agency=world.agency_b)
    assert imported.status == BatchStatus.DONE


def test_nul_bytes_and_bytes_that_are_not_utf8_are_each_their_row_s_error(
    world: World, tmp_path: Path
) -> None:
    rows = request_rows(5, seed=5)
    data = csv_bytes(rows)
    given = str(rows[0][0]).encode()
    place = str(rows[2][4]).encode()
    data = data.replace(given, given + b"\x00", 1)  # row 2, «نام»
    lines = data.split(b"\r\n")
    lines[3] = lines[3].replace(place, place[:3] + b"\xff\xfe" + place[3:], 1)  # row 4
    path = tmp_path / "bytes.csv"
    path.write_bytes(b"\r\n".join(lines))
    before = TracingRequest.objects.count()

    checked = run(str(path), "--kind", "requests", "--agency", "agency-a", "--dry-run")
    assert f"row 2, column «نام»: {UNREADABLE}" in checked
    assert f"row 4, column «محل تولد»: {UNREADABLE}" in checked
    assert "2 rows would be quarantined" in checked

    output = run(str(path), "--kind", "requests", "--agency", "agency-a", "--no-duplicates")
    assert "3 imported, 2 quarantined" in output
    assert TracingRequest.objects.count() == before + 3
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.DONE
    quarantined = ImportRow.objects.filter(batch=batch, status=RowStatus.QUARANTINED)
    assert sorted(quarantined.values_list("row_number", flat=True)) == [2, 4]


def test_a_file_whose_header_is_not_utf8_is_refused_whole(world: World, tmp_path: Path) -> None:
    # Excel's "CSV" on a Persian Windows: Windows-1256, not UTF-8
    path = tmp_path / "windows.csv"
    path.write_bytes("نام,نام خانوادگي\nمريم,احمدي\n".encode("cp1256"))
    assert "neither an XLSX spreadsheet nor UTF-8 CSV" in refused_by_cli(path)
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("Given name,Family name\nMaryam,Ahmadi\n".encode("utf-16-le"))
    assert "neither an XLSX spreadsheet nor UTF-8 CSV" in refused_by_cli(utf16)


def test_a_line_longer_than_the_caps_allow_is_refused_without_reading_it_whole(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "line.csv"
    with path.open("wb") as file:
        file.write(",".join(REQUEST_HEADERS).encode() + b"\n")
        file.write(b"a" * (2_000 * 4 + 3) * 101)  # one line, no end, beyond the caps
    assert "The file has a line longer than" in refused_by_cli(path)


def test_a_file_with_old_mac_line_ends_is_read(world: World, tmp_path: Path) -> None:
    rows = request_rows(3, seed=8)
    path = tmp_path / "mac.csv"
    path.write_bytes(csv_bytes(rows).replace(b"\r\n", b"\r"))
    output = run(str(path), "--kind", "requests", "--agency", "agency-a", "--dry-run")
    assert "3 rows;" in output and "0 rows would be quarantined" in output
