"""A batch is never left running: an import that raises is marked failed with the reason, and
one whose process ended (killed with its worker) is recognised and resumed from the page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from intake_data import REQUEST_HEADERS, request_rows, write_csv, write_xlsx

from conftest import World
from peyvand.intake.checking import check_file, read_rows
from peyvand.intake.limits import FileFormatError
from peyvand.intake.models import BatchStatus, ImportBatch, ImportRow
from peyvand.intake.services import run_import, start_batch
from peyvand.tracing.models import TracingRequest

pytestmark = pytest.mark.django_db


def ended_process() -> int:
    """The pid of a process that has ended, as a worker killed mid-import leaves it."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_import_that_raises_is_marked_failed_and_keeps_its_chunks(
    world: World, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "list.csv", REQUEST_HEADERS, request_rows(30, seed=3))
    with path.open("rb") as file:
        checked = check_file(world.agency_a, "requests", file, path.name, duplicates=False)
    batch = start_batch(None, world.agency_a, "requests", path.name, checked, keep=False)

    def rows_then_a_fault() -> Iterator[tuple[int, dict[str, str]]]:
        with path.open("rb") as file:
            _columns, _unknown, rows = read_rows(file, path.name, "requests")
            for number, values in rows:
                if number == 22:
                    raise FileFormatError("the file changed under the import")
                yield number, values

    with pytest.raises(FileFormatError):
        run_import(None, batch, checked.columns, rows_then_a_fault(), chunk_size=10)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.finished_at is not None
    assert batch.failure == "FileFormatError: the file changed under the import"
    assert batch.imported == 20 and ImportRow.objects.filter(batch=batch).count() == 20
    assert not batch.is_stale and not batch.resumable  # a CLI batch: run the file again


def test_a_staff_import_whose_worker_died_is_shown_stopped_and_resumes(
    world: World, tmp_path: Path
) -> None:
    client = world.client_for("caseworker_a")
    path = write_xlsx(tmp_path / "list.xlsx", REQUEST_HEADERS, request_rows(6, seed=7))
    upload = SimpleUploadedFile("list.xlsx", path.read_bytes())
    response = client.post("/staff/intake/", {"file": upload, "kind": "requests"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    # the state a worker killed mid-import leaves: running, naming a process that has ended
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, runner=f"{socket.gethostname()}:{ended_process()}"
    )
    batch.refresh_from_db()
    assert batch.is_stale and batch.resumable
    page = client.get(f"/staff/intake/{batch.pk}/").content.decode()
    assert "The import stopped before its end: its process ended." in page
    assert "Import the rows that passed" in page
    # another agency's caseworker cannot resume it
    refused = world.client_for("caseworker_b").post(f"/staff/intake/{batch.pk}/confirm/")
    assert refused.status_code == 404

    before = TracingRequest.objects.count()
    assert client.post(f"/staff/intake/{batch.pk}/confirm/").status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.imported, batch.pending, batch.runner) == (
        BatchStatus.DONE,
        6,
        "",
        "",
    )
    assert TracingRequest.objects.count() == before + 6


def test_a_live_import_is_not_stale(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", REQUEST_HEADERS, request_rows(2))
    with path.open("rb") as file:
        checked = check_file(world.agency_a, "requests", file, path.name, keep=True)
    batch = start_batch(None, world.agency_a, "requests", path.name, checked, keep=True)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, runner=f"{socket.gethostname()}:{os.getpid()}"
    )
    batch.refresh_from_db()
    assert not batch.is_stale and not batch.resumable
