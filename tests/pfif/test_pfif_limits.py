"""PFIF files beyond the size or record caps are refused whole, read as a stream."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from pfif_samples import LOOSE_NOTE, PERSON_1, PERSON_2, document, partner_file
from test_pfif_refusals import counts, refused

from conftest import World

PAGE = "/staff/interop/pfif/"


@pytest.mark.django_db
@override_settings(PEYVAND_PFIF_MAX_RECORDS=3)
def test_more_records_than_the_cap_are_refused(world: World, tmp_path: Path) -> None:
    # PERSON_1 carries a note: PERSON_1 + PERSON_2 + LOOSE_NOTE are four records
    message = refused(tmp_path, document(PERSON_1, PERSON_2, LOOSE_NOTE))
    assert "The file holds more than 3 records. Split it into smaller files." in message
    client = world.client_for("supervisor_a")
    before = counts()
    response = client.post(PAGE, {"file": SimpleUploadedFile("p.xml", partner_file())})
    assert response.status_code == 400 and "more than 3 records" in response.content.decode()
    assert counts() == before
    # at the cap, the file is read
    path = tmp_path / "three.xml"
    path.write_bytes(document(PERSON_1, PERSON_2))
    call_command("pfif", "import", str(path), "--agency", "agency-a")
    assert counts() != before


@pytest.mark.django_db
@override_settings(PEYVAND_PFIF_MAX_BYTES=2048)
def test_a_file_larger_than_the_cap_is_refused(world: World, tmp_path: Path) -> None:
    data = partner_file()
    assert len(data) > 2048
    assert "The file is larger than 2.0\xa0KB." in refused(tmp_path, data)
    client = world.client_for("supervisor_a")
    response = client.post(PAGE, {"file": SimpleUploadedFile("p.xml", data)})
    assert response.status_code == 400 and "larger than 2.0" in response.content.decode()
