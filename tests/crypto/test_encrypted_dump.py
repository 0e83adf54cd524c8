"""A raw database dump holds none of the encrypted values in clear.

On PostgreSQL the dump is ``pg_dump`` of the test database; on SQLite it is both the SQL text of
``iterdump()`` and the bytes of the database file. Data is committed first (transaction=True),
so the dump sees exactly what a stolen backup would.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from conftest import World
from peyvand.messaging.models import Message
from peyvand.people.services import ContactInput, NameInput, PersonInput, create_person
from peyvand.tracing.services import add_case_note, change_case_state, submit_tracing_request

PHONE = "+98 912 555 0173"
EMAIL = "nasrin.rahimi.pv@example.org"
BODY = "Dear Nasrin, we live near the Skanderbeg square now"
NOTE = "Spoke to the cousin in Karaj about the Shahrak-e Gharb flat"
PLACE = "Kahrizak checkpoint"
CIRCUMSTANCES = "We lost each other at the Bazargan crossing in the snow"
FOR_SOUGHT = "Mother keeps your violin for you"
BIRTHPLACE = "Robat Karim, behind the old caravanserai"
NATIONAL_ID = "1234567891"
REASON = "Her cousin saw her at the Van bus station"
SECRETS = [
    PHONE,
    EMAIL,
    BODY,
    NOTE,
    PLACE,
    CIRCUMSTANCES,
    FOR_SOUGHT,
    BIRTHPLACE,
    NATIONAL_ID,
    REASON,
]


def dump_texts(tmp_path: Path) -> list[bytes]:
    """What leaves the building in a backup: the dump (and on SQLite the file itself)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": str(db["PASSWORD"] or "")}
        dumped = subprocess.run(
            [  # noqa: S607 (pg_dump from PATH, as CI has it)
                "pg_dump",
                "--no-owner",
                "-h",
                str(db["HOST"] or "127.0.0.1"),
                "-p",
                str(db["PORT"] or 5432),
                "-U",
                str(db["USER"]),
                str(db["NAME"]),
            ],
            env=env,
            capture_output=True,
            check=True,
            timeout=60,
        )
        return [dumped.stdout]
    assert connection.vendor == "sqlite"
    connection.ensure_connection()
    sql_text = "\n".join(connection.connection.iterdump()).encode("utf-8")
    copy = tmp_path / "dump.sqlite3"
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()
    return [sql_text, copy.read_bytes()]


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_no_contact_detail_message_note_or_place_in_clear(
    world: World, tmp_path: Path
) -> None:
    create_person(
        None,
        world.agency_a,
        PersonInput(
            names=[NameInput(full="Nasrin Rahimi")],
            contacts=(ContactInput("phone", PHONE), ContactInput("email", EMAIL)),
        ),
    )
    request = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full="Reza Rahimi")], sex="m"),
        sought=PersonInput(
            names=[NameInput(full="Nasrin Rahimi")],
            sex="f",
            birthplace=BIRTHPLACE,
            national_id=NATIONAL_ID,
        ),
        relationship="sibling",
        last_contact_place=PLACE,
        circumstances=CIRCUMSTANCES,
        message_for_sought=FOR_SOUGHT,
    )
    Message.objects.create(case=request.case, direction="to_sought", body=BODY, status="held")
    add_case_note(world.caseworker_a, request.case, NOTE)
    # The reason lands in the case's transition and in the audit event.
    change_case_state(world.caseworker_a, request.case, "searching", REASON)

    for dump in dump_texts(tmp_path):
        # The dump is real: it carries the plain columns and the encrypted ones as ciphertext.
        assert request.reference_code.encode() in dump
        assert b"Nasrin Rahimi" in dump
        assert dump.count(b"pv1:") >= len(SECRETS)
        for secret in SECRETS:
            assert secret.encode("utf-8") not in dump, secret
        assert "تهران".encode() not in dump  # world.request_a's place of last contact
        assert "قزوین".encode() not in dump  # the world's birthplaces
