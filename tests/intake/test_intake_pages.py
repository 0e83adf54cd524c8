"""The staff upload page: dry run, confirm, quarantine fix; who may do what."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from intake_data import REQUEST_HEADERS, request_rows, write_xlsx

from conftest import World
from peyvand.intake.models import BatchStatus, ImportBatch, ImportRow, RowStatus
from peyvand.tracing.models import TracingRequest

pytestmark = pytest.mark.django_db


def upload(tmp_path: Path, rows: list[list[object]], name: str = "list.xlsx") -> SimpleUploadedFile:
    path = write_xlsx(tmp_path / "list.xlsx", REQUEST_HEADERS, rows)
    return SimpleUploadedFile(name, path.read_bytes())


def test_upload_check_confirm_and_fix_a_row(world: World, tmp_path: Path) -> None:
    rows = request_rows(5, seed=4)
    rows[2][5] = "نمیدانم"  # an unknown sex: row 4, column «جنسیت»
    client = world.client_for("caseworker_a")
    before = TracingRequest.objects.count()
    response = client.post(
        "/staff/intake/", {"file": upload(tmp_path, rows), "kind": "requests", "mapping": ""}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.CHECKED and batch.agency == world.agency_a
    assert TracingRequest.objects.count() == before  # the dry run wrote nothing
    page = client.get(response["Location"]).content.decode()
    assert "نمیدانم" in page and "جنسیت" in page and "Import the rows that passed" in page

    # caseworker B, the DPO and the registrant cannot confirm agency A's file
    for persona in ("caseworker_b", "dpo", "registrant"):
        refused = world.client_for(persona).post(f"/staff/intake/{batch.pk}/confirm/")
        assert refused.status_code == 404, persona
    assert world.client_for("dpo").get(f"/staff/intake/{batch.pk}/").status_code == 200
    assert world.client_for("caseworker_b").get(f"/staff/intake/{batch.pk}/").status_code == 404

    done = client.post(f"/staff/intake/{batch.pk}/confirm/")
    assert done.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.imported, batch.quarantined, batch.pending) == (
        BatchStatus.DONE,
        4,
        1,
        "",
    )
    assert TracingRequest.objects.count() == before + 4
    # confirming twice imports nothing more
    client.post(f"/staff/intake/{batch.pk}/confirm/")
    assert TracingRequest.objects.count() == before + 4

    row = ImportRow.objects.get(status=RowStatus.QUARANTINED)
    assert row.row_number == 4
    form = client.get(f"/staff/intake/rows/{row.pk}/")
    assert form.status_code == 200 and "نمیدانم" in form.content.decode()
    # the DPO reads the row but cannot re-submit it
    assert world.client_for("dpo").get(f"/staff/intake/rows/{row.pk}/").status_code == 200
    values = {
        "given": rows[2][0],
        "family": rows[2][1],
        "sex": "زن",
        "relationship": "مادر",
        "seeker_given": "مریم",
        "seeker_family": "رضایی",
    }
    assert world.client_for("dpo").post(f"/staff/intake/rows/{row.pk}/", values).status_code == 404
    bad = client.post(f"/staff/intake/rows/{row.pk}/", {**values, "sex": "?"})
    assert bad.status_code == 400
    fixed = client.post(f"/staff/intake/rows/{row.pk}/", values)
    assert fixed.status_code == 302
    row.refresh_from_db()
    assert row.status == RowStatus.IMPORTED
    assert TracingRequest.objects.count() == before + 5


def test_only_agency_staff_upload_and_files_are_checked_by_content(
    world: World, tmp_path: Path
) -> None:
    dpo = world.client_for("dpo")
    page = dpo.get("/staff/intake/")
    assert page.status_code == 200 and b'type="file"' not in page.content
    assert dpo.post("/staff/intake/", {"kind": "requests"}).status_code == 404
    for persona in ("seeker", "registrant", "outsider"):
        assert world.client_for(persona).get("/staff/intake/").status_code == 404
    client = world.client_for("supervisor_a")
    assert b'type="file"' in client.get("/staff/intake/").content
    # a PDF named .xlsx, and an XLSX named .pdf, are refused before any parsing
    fake = SimpleUploadedFile("list.xlsx", b"%PDF-1.4 nothing")
    response = client.post("/staff/intake/", {"file": fake, "kind": "requests"})
    assert response.status_code == 400 and not ImportBatch.objects.exists()
    wrong = upload(tmp_path, request_rows(2), name="list.pdf")
    response = client.post("/staff/intake/", {"file": wrong, "kind": "requests"})
    assert response.status_code == 400 and not ImportBatch.objects.exists()
    binary = SimpleUploadedFile("list.csv", BytesIO(b"\xff\xfe\x00bad").getvalue())
    response = client.post("/staff/intake/", {"file": binary, "kind": "requests"})
    assert response.status_code == 400 and not ImportBatch.objects.exists()


def test_batch_list_query_count_does_not_grow(world: World, tmp_path: Path) -> None:
    client = world.client_for("supervisor_a")
    client.post("/staff/intake/", {"file": upload(tmp_path, request_rows(2)), "kind": "requests"})
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/intake/")
    for _ in range(3):
        client.post(
            "/staff/intake/", {"file": upload(tmp_path, request_rows(2)), "kind": "requests"}
        )
    with CaptureQueriesContext(connection) as more:
        client.get("/staff/intake/")
    assert len(more) == len(few)
