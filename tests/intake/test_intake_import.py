"""Bulk import: a realistic Persian XLSX, a file of mistakes, re-runs, quarantine, duplicates."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from intake_data import REQUEST_HEADERS, request_rows, write_csv, write_xlsx

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.intake.mapping_services import save_mapping
from peyvand.intake.models import ColumnMapping, ImportBatch, ImportRow, RowStatus
from peyvand.intake.services import quarantined_values, resubmit_row
from peyvand.matching.models import RelinkRun
from peyvand.people.models import Person
from peyvand.tracing.models import Registration, TracingRequest

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_700_persian_rows_import_cleanly_and_rerun_imports_nothing(
    world: World, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "families.xlsx", REQUEST_HEADERS, request_rows(700))
    before = TracingRequest.objects.count()
    output = run(str(path), "--kind", "requests", "--agency", "agency-a", "--no-duplicates")
    assert "0 rows would be quarantined" in output
    assert "700 imported, 0 quarantined" in output
    assert "700/700 rows" in output
    assert TracingRequest.objects.count() == before + 700
    batch = ImportBatch.objects.get()
    assert (batch.imported, batch.quarantined, batch.status) == (700, 0, "done")
    rows = ImportRow.objects.filter(batch=batch, status=RowStatus.IMPORTED)
    assert rows.count() == 700
    # every imported record went through the service: audited, with a case, in agency A
    sample = TracingRequest.objects.get(pk=rows.get(row_number=2).target_id)
    assert sample.agency == world.agency_a and sample.case.state
    assert AuditEvent.objects.filter(
        action="tracing_request.submitted", object_id=str(sample.pk)
    ).exists()
    first = request_rows(1)[0]
    assert sample.sought.names.get().given == first[0]
    assert sample.seeker.contacts.get().value.startswith("0912")  # Persian digits made ASCII
    assert sample.sought.birth_date_calendar == "jalali"
    # one re-link queued for the whole load, no per-row matching task
    assert RelinkRun.objects.count() == 1

    again = run(str(path), "--kind", "requests", "--agency", "agency-a", "--no-duplicates")
    assert "0 imported, 0 quarantined, 700 already imported" in again
    assert TracingRequest.objects.count() == before + 700


BAD = [
    # (field overrides by header, the header the error must be reported in)
    ({"نام": "", "نام خانوادگی": ""}, "نام"),
    ({"جنسیت": "x"}, "جنسیت"),
    ({"جنسیت": "2"}, "جنسیت"),
    ({"تاریخ تولد": "1345/13/01"}, "تاریخ تولد"),
    ({"تاریخ تولد": "1345/12/31"}, "تاریخ تولد"),
    ({"تاریخ تولد": "abc"}, "تاریخ تولد"),
    ({"تاریخ تولد": "12/06/45"}, "تاریخ تولد"),
    ({"تاریخ تولد": "1600"}, "تاریخ تولد"),
    ({"تاریخ تولد": "150"}, "تاریخ تولد"),
    ({"تاریخ تولد": "1450"}, "تاریخ تولد"),
    ({"تاریخ تولد": "1345/00/10"}, "تاریخ تولد"),
    ({"تاریخ تولد": "۱۳۴۵/۱۵/۰۱"}, "تاریخ تولد"),
    ({"کد ملی": "1234567890"}, "کد ملی"),
    ({"کد ملی": "12ab"}, "کد ملی"),
    ({"کد ملی": "123"}, "کد ملی"),
    ({"کد ملی": "1111111111"}, "کد ملی"),
    ({"نسبت": ""}, "نسبت"),
    ({"نسبت": "دوست"}, "نسبت"),
    ({"نام متقاضی": "", "نام خانوادگی متقاضی": ""}, "نام متقاضی"),
    ({"جنسیت متقاضی": "?"}, "جنسیت متقاضی"),
    ({"تاریخ تولد متقاضی": "xyz"}, "تاریخ تولد متقاضی"),
    ({"تاریخ تولد متقاضی": "۲۰۰ ساله"}, "تاریخ تولد متقاضی"),
    ({"کد ملی متقاضی": "0000000001"}, "کد ملی متقاضی"),
    ({"تلفن": "0912abc4567"}, "تلفن"),
    ({"تلفن": "123"}, "تلفن"),
    ({"ایمیل": "not-an-email"}, "ایمیل"),
    ({"ایمیل": "a@"}, "ایمیل"),
    ({"تاریخ آخرین تماس": "yesterday-ish"}, "تاریخ آخرین تماس"),
    ({"تاریخ آخرین تماس": "2090"}, "تاریخ آخرین تماس"),
    ({"تاریخ آخرین تماس": "1401/02/40"}, "تاریخ آخرین تماس"),
]
BAD_HEADERS = [
    *REQUEST_HEADERS,
    "جنسیت متقاضی",
    "تاریخ تولد متقاضی",
    "کد ملی متقاضی",
    "ایمیل",
    "تاریخ آخرین تماس",
]


def test_thirty_kinds_of_bad_rows_are_each_named_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    assert len(BAD) == 30
    good = request_rows(len(BAD) + 1, seed=9)
    rows = []
    for base, (changes, _column) in zip(good, BAD, strict=False):
        values = dict(zip(BAD_HEADERS, [*base, "", "", "", "", ""], strict=True))
        values.update(changes)
        rows.append([values[h] for h in BAD_HEADERS])
    rows.append([*good[-1], "", "", "", "", ""])  # one good row at the end
    path = write_csv(tmp_path / "bad.csv", BAD_HEADERS, rows)
    counts = (Person.objects.count(), TracingRequest.objects.count(), AuditEvent.objects.count())

    output = run(str(path), "--kind", "requests", "--agency", "agency-a", "--dry-run")

    for number, (_changes, column) in enumerate(BAD, start=2):
        lines = [line for line in output.splitlines() if line.startswith(f"row {number}, ")]
        assert lines, f"row {number} not reported"
        assert any(f"«{column}»" in line for line in lines), (number, column, lines)
    assert f"row {len(BAD) + 2}," not in output
    assert "30 rows would be quarantined" in output and "nothing written" in output
    assert (
        Person.objects.count(),
        TracingRequest.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert not ImportRow.objects.exists() and not ImportBatch.objects.exists()


def test_rejected_rows_wait_in_quarantine_and_can_be_fixed(world: World, tmp_path: Path) -> None:
    rows = request_rows(3, seed=3)
    rows[1][3] = "1345/13/40"
    path = write_csv(tmp_path / "some.csv", REQUEST_HEADERS, rows)
    output = run(str(path), "--kind", "requests", "--agency", "agency-a", "--no-duplicates")
    assert "2 imported, 1 quarantined" in output
    row = ImportRow.objects.get(status=RowStatus.QUARANTINED)
    stored = quarantined_values(row)
    assert row.row_number == 3 and stored["errors"][0]["column"] == "تاریخ تولد"
    values = dict(stored["values"])
    values["birth"] = "1345/13/41"
    with pytest.raises(ValidationError):
        resubmit_row(world.caseworker_a, row, values)
    row.refresh_from_db()
    assert row.status == RowStatus.QUARANTINED
    values["birth"] = "۱۳۴۵/۰۲/۰۳"
    resubmit_row(world.caseworker_a, row, values)
    row.refresh_from_db()
    assert row.status == RowStatus.IMPORTED and row.payload == ""
    assert TracingRequest.objects.get(pk=row.target_id).sought.birth_date_text == "۱۳۴۵/۰۲/۰۳"
    batch = row.batch
    batch.refresh_from_db()
    assert (batch.imported, batch.quarantined) == (3, 0)
    # the original file run again: the fixed row is not imported a second time
    assert "0 imported, 0 quarantined, 3 already" in run(
        str(path), "--kind", "requests", "--agency", "agency-a", "--no-duplicates"
    )


def test_registrations_with_english_headers_repeats_and_duplicates_are_reported(
    world: World, tmp_path: Path
) -> None:
    headers = [
        "Given name",
        "Family name",
        "Father's name",
        "Date of birth",
        "Birthplace",
        "Sex",
        "Phone",
    ]
    rows = [
        ["Mohammad Reza", "Khodabande", "Hossein", "1966", "Qazvin", "male", "+355 69 123 4567"],
        ["Maryam", "Ahmadi", "Hasan", "1982-03-04", "", "f", ""],
        ["Maryam", "Ahmadi", "Hasan", "1982-03-04", "", "f", ""],  # the same row again
        ["Zahra", "Karimi", "Kazem", "45", "", "F", ""],
        ["Zahra", "Karimi", "Kazem", "۴۵", "", "female", ""],  # the same person, written apart
    ]
    path = write_csv(tmp_path / "reg.csv", headers, rows)
    output = run(str(path), "--kind", "registrations", "--agency", "agency-a")
    assert "row 4 repeats row 3" in output
    # registration_a (agency A) is "Mohammad Reza Khodabande": reported, not merged
    assert f"row 2 may be the same person as registration:{world.registration_a.pk}" in output
    assert "row 5 may be the same person as row 6" in output
    assert "row 3 may be the same person as row 4" not in output  # a repeat, reported as such
    assert "4 imported, 0 quarantined, 0 already imported, 1 repeated" in output
    assert Registration.objects.filter(agency=world.agency_a).count() == 5
    batch = ImportBatch.objects.get()
    assert batch.report_data()["repeats"] == [{"row": 4, "same_as": 3}]


def test_a_saved_mapping_reads_an_agency_s_own_headers(world: World, tmp_path: Path) -> None:
    save_mapping(
        world.supervisor_a,
        world.agency_a,
        "ngo",
        "registrations",
        {"اسم شخص": "given", "فامیل": "family", "سال": "birth"},
    )
    headers = ["اسم شخص", "فامیل", "سال"]
    path = write_csv(tmp_path / "ngo.csv", headers, [["نرگس", "یزدانی", "۱۳۵۰"]])
    output = run(str(path), "--kind", "registrations", "--agency", "agency-a", "--mapping", "ngo")
    assert "1 imported" in output
    person = Registration.objects.order_by("-pk").first()
    assert person is not None and person.person.birth_date is not None
    # the same mapping given on the command line and saved under another name
    other = write_csv(tmp_path / "other.csv", ["اسم شخص", "سال"], [["پروین", "1340"]])
    output = run(
        str(other),
        "--kind",
        "registrations",
        "--agency",
        "agency-a",
        "--map",
        "اسم شخص=given",
        "--map",
        "سال=birth",
        "--save-mapping",
        "ngo-short",
    )
    assert "mapping 'ngo-short' saved" in output and "1 imported" in output
    assert ColumnMapping.objects.filter(agency=world.agency_a, name="ngo-short").exists()
