"""Staff exports of the case list: formula-safe cells, encryption whenever personal data is in,
agency scoping, persona refusals and the audit trail."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

import pytest
import pyzipper
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import World, sought_person
from peyvand.audit.models import AuditEvent
from peyvand.core.exports import escape_cell
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.services import submit_tracing_request

pytestmark = pytest.mark.django_db

URL = "/staff/exports/"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+98 912", "'+98 912"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Reza = Ali", "Reza = Ali"),
        ("محمدرضا", "محمدرضا"),
        ("", ""),
    ],
)
def test_formula_like_text_gets_an_apostrophe(raw: str, safe: str) -> None:
    assert escape_cell(raw) == safe


def test_numbers_and_none_are_left_as_values() -> None:
    assert escape_cell(-3) == -3
    assert escape_cell(None) == ""


def _post(client: Client, columns: list[str], fmt: str = "csv", state: str = "") -> Any:
    return client.post(URL, {"columns": columns, "format": fmt, "state": state})


def _open_encrypted(client: Client, page: Any) -> tuple[str, bytes, bytes]:
    """(password, the zip, the file inside it) from an 'export ready' page."""
    html = page.content.decode()
    password = re.search(r'id="export-password">([^<]+)<', html).group(1)  # type: ignore[union-attr]
    link = re.search(r'href="(/staff/exports/[^"/]+/)"', html).group(1)  # type: ignore[union-attr]
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    archive = pyzipper.AESZipFile(io.BytesIO(download.content))
    archive.setpassword(password.encode())
    inner = archive.read(archive.namelist()[0])
    return password, download.content, inner


def test_a_file_without_personal_data_is_plain_and_scoped(world: World) -> None:
    response = _post(world.client_for("caseworker_a"), ["reference_code", "state", "agency"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Reference code", "Case state", "Agency"]
    assert [row[0] for row in rows[1:]] == [world.request_a.reference_code]


def test_personal_data_is_encrypted_and_unreadable_without_the_password(world: World) -> None:
    client = world.client_for("caseworker_a")
    page = _post(client, ["reference_code", "sought_name"])
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "محمدرضا" not in page.content.decode()
    password, blob, inner = _open_encrypted(client, page)
    assert "محمدرضا خدابنده" in inner.decode("utf-8-sig")
    assert "محمدرضا".encode() not in blob  # nothing in clear inside the archive
    with pytest.raises(RuntimeError):
        pyzipper.AESZipFile(io.BytesIO(blob)).read(
            pyzipper.AESZipFile(io.BytesIO(blob)).namelist()[0]
        )
    wrong = pyzipper.AESZipFile(io.BytesIO(blob))
    wrong.setpassword(b"not-the-password")
    with pytest.raises(RuntimeError):
        wrong.read(wrong.namelist()[0])
    with pytest.raises((RuntimeError, NotImplementedError, zipfile.BadZipFile)):
        zipfile.ZipFile(io.BytesIO(blob)).read(zipfile.ZipFile(io.BytesIO(blob)).namelist()[0])
    assert len(password) >= 20


def test_the_download_works_once_and_only_for_its_maker(world: World) -> None:
    client = world.client_for("caseworker_a")
    page = _post(client, ["sought_name"])
    link = re.search(r'href="(/staff/exports/[^"/]+/)"', page.content.decode()).group(1)  # type: ignore[union-attr]
    assert world.client_for("caseworker_b").get(link).status_code == 404
    assert world.client_for("supervisor_a").get(link).status_code == 404
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 404


def test_formula_injection_is_defused_in_csv_and_xlsx(world: World) -> None:
    submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full='=HYPERLINK("http://x","a")')], sex="f"),
        sought=sought_person("@SUM(1+1)"),
        relationship="sibling",
    )
    client = world.client_for("caseworker_a")
    _, _, inner = _open_encrypted(client, _post(client, ["seeker_name", "sought_name"]))
    rows = list(csv.reader(io.StringIO(inner.decode("utf-8-sig"))))
    cells = {cell for row in rows[1:] for cell in row}
    assert '\'=HYPERLINK("http://x","a")' in cells
    assert "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "@", "+", "-")) for cell in cells)
    _, _, book_bytes = _open_encrypted(
        client, _post(client, ["seeker_name", "sought_name"], fmt="xlsx")
    )
    sheet = load_workbook(io.BytesIO(book_bytes)).active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type == "s" for cell in values)
    assert '\'=HYPERLINK("http://x","a")' in {cell.value for cell in values}


def test_agency_scoping_and_who_sees_what(world: World) -> None:
    def codes(persona: str) -> set[str]:
        response = _post(world.client_for(persona), ["reference_code"])
        assert response.status_code == 200
        return {row[0] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}

    a, b = world.request_a.reference_code, world.request_b.reference_code
    assert a in codes("caseworker_a") and b not in codes("caseworker_a")
    assert b in codes("caseworker_b") and a not in codes("caseworker_b")
    assert {a, b} <= codes("admin")
    assert {a, b} <= codes("dpo")


@pytest.mark.parametrize("persona", ["seeker", "registrant", "outsider"])
def test_non_staff_are_refused_alike(world: World, persona: str) -> None:
    client = world.client_for(persona)
    assert client.get(URL).status_code == 404
    assert _post(client, ["reference_code"]).status_code == 404
    assert not AuditEvent.objects.filter(action="export.cases").exists()


def test_anonymous_is_sent_to_sign_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_empty_or_unknown_column_choice_is_refused(world: World) -> None:
    client = world.client_for("caseworker_a")
    assert _post(client, []).status_code == 400
    assert _post(client, ["contacts"]).status_code == 400
    assert _post(client, ["reference_code"], fmt="pdf").status_code == 400
    page = client.get(URL)
    assert page.status_code == 200
    offered = set(re.findall(r'name="columns" value="([^"]+)"', page.content.decode()))
    assert "sought_name" in offered
    assert not offered & {"contacts", "phone", "email", "address", "national_id"}


def test_each_export_is_audited_without_personal_values(world: World) -> None:
    client = world.client_for("supervisor_a")
    _post(client, ["reference_code", "sought_name"], state="open")
    event = AuditEvent.objects.get(action="export.cases")
    assert event.actor == world.supervisor_a
    assert event.details["columns"] == ["reference_code", "sought_name"]
    assert event.details["encrypted"] is True
    assert event.details["rows"] == 1
    assert "خدابنده" not in str(event.details)


def test_query_count_does_not_grow_with_rows(world: World) -> None:
    client = world.client_for("caseworker_a")
    columns = ["reference_code", "seeker_name", "sought_name", "assigned_to", "agency"]
    _post(client, columns)  # the session's first page also writes its last-seen time
    with CaptureQueriesContext(connection) as few:
        _post(client, columns)
    for n in range(3):
        submit_tracing_request(
            None,
            world.agency_a,
            seeker=PersonInput(names=[NameInput(full=f"Seeker {n}")]),
            sought=sought_person(f"Sought {n}"),
            relationship="child",
        )
    with CaptureQueriesContext(connection) as many:
        _post(client, columns)
    assert len(many.captured_queries) == len(few.captured_queries)
