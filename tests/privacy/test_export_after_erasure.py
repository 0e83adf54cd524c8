"""A case export prepared before an erasure cannot be downloaded after it (over HTTP)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import pyzipper
from django.core.cache import cache
from django.test import Client
from test_erasure_leaves_a_tombstone import linked_world

from conftest import World
from peyvand.privacy.erasure import erase_person

pytestmark = pytest.mark.django_db

URL = "/staff/exports/"
SOUGHT_A = "محمدرضا خدابنده"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def prepare(client: Client, columns: list[str]) -> tuple[str, str]:
    """(password, one-time link) of an encrypted export."""
    page = client.post(URL, {"columns": columns, "format": "csv", "state": ""})
    assert page.status_code == 200
    html = page.content.decode()
    password = re.search(r'id="export-password">([^<]+)<', html).group(1)  # type: ignore[union-attr]
    link = re.search(r'href="(/staff/exports/[^"/]+/)"', html).group(1)  # type: ignore[union-attr]
    return password, link


def read(client: Client, password: str, link: str) -> str:
    download = client.get(link)
    assert download.status_code == 200
    archive = pyzipper.AESZipFile(io.BytesIO(download.content))
    archive.setpassword(password.encode())
    return archive.read(archive.namelist()[0]).decode("utf-8-sig")


def erase(world: World, person: Any, capture: Callable[..., Any]) -> None:
    with capture(execute=True):
        erase_person(world.dpo, person, "GDPR art. 17")


def test_erasing_the_seeker_refuses_the_export_prepared_before(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    client = world.client_for("caseworker_a")
    _, link = prepare(client, ["reference_code", "seeker_name", "sought_name"])

    erase(world, world.request_a.seeker, django_capture_on_commit_callbacks)

    refused = client.get(link)
    assert refused.status_code == 410
    assert "has been erased since it was prepared" in refused.content.decode()
    assert SOUGHT_A.encode() not in refused.content
    assert client.get(link).status_code == 404  # and the kept file is gone


def test_erasing_the_registered_match_refuses_the_familys_export_and_a_new_one_is_empty_of_them(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    linked_world(world)
    client = world.client_for("caseworker_a")
    columns = ["reference_code", "sought_name", "sought_birth", "sought_father"]
    password, link = prepare(client, columns)

    erase(world, world.registration_a.person, django_capture_on_commit_callbacks)

    assert client.get(link).status_code == 410
    password, link = prepare(client, columns)
    text = read(client, password, link)
    assert world.request_a.reference_code in text  # the family's case is still listed
    assert SOUGHT_A not in text and "حسین" not in text


def test_an_erasure_of_someone_not_in_the_file_leaves_it_downloadable(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    client = world.client_for("caseworker_a")  # agency A: request B is not in the file
    password, link = prepare(client, ["reference_code", "sought_name"])

    erase(world, world.request_b.seeker, django_capture_on_commit_callbacks)

    assert SOUGHT_A in read(client, password, link)
